/**
 * The administrators' workshop under /workshop: one lazy chunk for App.tsx, its pages loaded on demand in turn.
 * The menu entries (Shell.tsx) are WORKSHOP_MENU.
 */
import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';

const UsersPage = lazy(() => import('./UsersPage'));
const ExpertsPage = lazy(() => import('./ExpertsPage'));
const CalendarPage = lazy(() => import('./CalendarPage'));
const WorkflowsPage = lazy(() => import('./WorkflowsPage'));
const WorkflowVersionPage = lazy(() => import('./WorkflowVersionPage'));
const ProgramsPage = lazy(() => import('./ProgramsPage'));
const QueuesPage = lazy(() => import('./QueuesPage'));

export default function WorkshopRoutes() {
  return (
    <Routes>
      <Route path="users" element={<UsersPage />} />
      <Route path="experts" element={<ExpertsPage />} />
      <Route path="calendar" element={<CalendarPage />} />
      <Route path="workflows" element={<WorkflowsPage />} />
      <Route path="workflows/:key/:version" element={<WorkflowVersionPage />} />
      <Route path="programs" element={<ProgramsPage />} />
      <Route path="queues" element={<QueuesPage />} />
      <Route path="*" element={<Navigate to="users" replace />} />
    </Routes>
  );
}
