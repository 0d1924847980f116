/**
 * The signed-in frame, after Ant Design Pro's layout: a side menu (entries by role; it folds away on a phone), a
 * header with the user's name, role and scope, the language switch and sign-out, and the page in the content area.
 * Later pages (the province's overview, the administrators' workshop) add an entry to MENU and a route in App.
 */
import { Suspense } from 'react';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SignedInUser } from '../api/client';
import { Loading } from '../pages/States';
import { useSession } from '../session/session';
import { LanguageSwitch } from './LanguageSwitch';
import { WORKSHOP_MENU } from '../features/workshop/menu';
import { usePrograms } from '../features/overview/data';
import { placeName } from '../features/review/data';
import type { ProgramView } from '../features/review/data';

type Role = SignedInUser['role'];
const ALL: Role[] = ['admin', 'province', 'city', 'applicant', 'expert'];
const MENU: { path: string; label: string; roles: Role[] }[] = [
  { path: '/inbox', label: 'menu.inbox', roles: ALL },
  { path: '/done', label: 'review.done.menu', roles: ALL },
  { path: '/cases/new', label: 'menu.newCase', roles: ['applicant'] },
  { path: '/publicity', label: 'review.publicity.menu', roles: ['province'] },
  { path: '/search', label: 'overview.menu.search', roles: ['province', 'city', 'admin'] },
  { path: '/overview', label: 'overview.menu.dashboard', roles: ['province', 'admin'] },
  { path: '/monitoring', label: 'overview.menu.monitoring', roles: ['province', 'city', 'admin'] },
  ...WORKSHOP_MENU,
];

/**
 * The caller's scope in words: 全省 for the province and the administrators, 所评申报 for an expert (the cases of its
 * panels), else the city and district by name as a program's regions give them (`广州 / 天河`), the codes until the
 * programs have loaded or when none names the city.
 */
function scopeOf(user: SignedInUser, words: { province: string; expert: string }, programs: readonly ProgramView[]): string {
  if (user.role === 'province' || user.role === 'admin') return words.province;
  if (user.role === 'expert') return words.expert;
  const codes = [user.cityCode, user.districtCode].filter(Boolean).join(' / ');
  if (!user.cityCode) return codes;
  const naming = programs.find((p) => p.regions.some((r) => r.cityCode === user.cityCode));
  return naming ? placeName(naming, { cityCode: user.cityCode, ...(user.districtCode ? { districtCode: user.districtCode } : {}) }) : codes;
}

export default function Shell() {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  // Region names for the header (cached; the lists and forms read the same).
  const programs = usePrograms(!!user && (user.role === 'city' || user.role === 'applicant'));
  const navigate = useNavigate();
  const { pathname } = useLocation();
  if (!user) return null;
  const entries = MENU.filter((m) => m.roles.includes(user.role));
  const selected = entries.filter((m) => pathname.startsWith(m.path)).map((m) => m.path);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="md" collapsedWidth={0} theme="light" width={200}>
        <Typography.Title level={4} style={{ padding: '16px 24px', margin: 0 }}>
          {t('app.name')}
        </Typography.Title>
        <nav aria-label={t('app.title')}>
          <Menu mode="inline" selectedKeys={selected} onClick={({ key }) => navigate(key)} items={entries.map((m) => ({ key: m.path, label: t(m.label) }))} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 16px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', flexWrap: 'wrap', height: 'auto', lineHeight: '48px', gap: 12 }}>
          <Space wrap aria-label="user">
            <Typography.Text strong data-testid="user-name">{user.displayName}</Typography.Text>
            <Tag color="blue">{t(`roles.${user.role}`)}</Tag>
            <Typography.Text type="secondary">
              {t('shell.scope')}: {scopeOf(user, { province: t('shell.province'), expert: t('shell.expert') }, programs.data?.items ?? [])}
            </Typography.Text>
          </Space>
          <LanguageSwitch />
          <Button onClick={() => void signOut()}>{t('shell.signOut')}</Button>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
