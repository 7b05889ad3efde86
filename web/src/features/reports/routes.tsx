import type { RouteObject } from 'react-router'

// Mounted under /organizations/:orgId.
export const reportRoutes: RouteObject[] = [
  { path: 'reports', lazy: async () => ({ Component: (await import('./routes/ReportsPage')).default }) },
]
