/**
 * Providers and routes. Pages are loaded on demand (React.lazy), so the first load carries the shell only; Ant
 * Design's locale follows the chosen language.
 */
import { lazy, Suspense } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import { theme } from './theme';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api/client';
import { Loading } from './pages/States';
import { RequireSession, SessionProvider } from './session/session';

const SignInPage = lazy(() => import('./pages/SignInPage'));
const Shell = lazy(() => import('./layout/Shell'));
const InboxPage = lazy(() => import('./pages/InboxPage'));
const CasePage = lazy(() => import('./pages/CasePage'));
const NewCasePage = lazy(() => import('./pages/NewCasePage'));
const ApplicationEditorPage = lazy(() => import('./features/applicant/ApplicationEditorPage'));
const ProgressReportPage = lazy(() => import('./features/applicant/ProgressReportPage'));
const PublicityPage = lazy(() => import('./features/review/PublicityPage'));
const DonePage = lazy(() => import('./features/review/DonePage'));
const SearchPage = lazy(() => import('./features/overview/SearchPage'));
const DashboardPage = lazy(() => import('./features/overview/DashboardPage'));
const MonitoringPage = lazy(() => import('./features/overview/MonitoringPage'));
const WorkshopRoutes = lazy(() => import('./features/workshop/WorkshopRoutes'));

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will answer the same again: no retries for those.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

export function App() {
  const { i18n } = useTranslation();
  return (
    // No space forced between two Chinese characters in buttons: a button reads (and is named) 登录, not 登 录.
    <ConfigProvider locale={i18n.language === 'en-US' ? enUS : zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queries}>
          <BrowserRouter>
            <SessionProvider>
              <Suspense fallback={<Loading />}>
                <Routes>
                  <Route path="/sign-in" element={<SignInPage />} />
                  <Route
                    element={
                      <RequireSession>
                        <Shell />
                      </RequireSession>
                    }
                  >
                    <Route path="/inbox" element={<InboxPage />} />
                    <Route path="/cases/new" element={<NewCasePage />} />
                    <Route path="/cases/:id" element={<CasePage />} />
                    <Route path="/cases/:id/application" element={<ApplicationEditorPage />} />
                    <Route path="/cases/:id/progress-report" element={<ProgressReportPage />} />
                    <Route path="/publicity" element={<PublicityPage />} />
                    <Route path="/done" element={<DonePage />} />
                    <Route path="/search" element={<SearchPage />} />
                    <Route path="/overview" element={<DashboardPage />} />
                    <Route path="/monitoring" element={<MonitoringPage />} />
                    <Route path="/workshop/*" element={<WorkshopRoutes />} />
                    <Route path="*" element={<Navigate to="/inbox" replace />} />
                  </Route>
                </Routes>
              </Suspense>
            </SessionProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
