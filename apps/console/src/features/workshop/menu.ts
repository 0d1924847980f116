/** The workshop's entries in the side menu (admin only). */
export const WORKSHOP_MENU = ['users', 'experts', 'calendar', 'workflows', 'programs', 'queues'].map((k) => ({
  path: `/workshop/${k}`,
  label: `workshop.menu.${k}`,
  roles: ['admin' as const],
}));
