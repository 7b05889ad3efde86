import type { RouteObject } from 'react-router'

/** Under /organizations/:orgId (members only). */
export const organizationRoutes: RouteObject[] = [
  { path: 'settings', lazy: async () => ({ Component: (await import('./routes/OrganizationSettingsPage')).default }) },
]

/** In the signed-in shell, outside any one organisation's guard. */
export const newOrganizationRoutes: RouteObject[] = [
  { path: 'organizations/new', lazy: async () => ({ Component: (await import('./routes/NewOrganizationPage')).default }) },
  {
    // After deletion the organisation's own pages are closed to everyone; this one offers restoring it.
    path: 'organizations/:orgId/deleted',
    lazy: async () => ({ Component: (await import('./routes/DeletedOrganizationPage')).default }),
  },
]
