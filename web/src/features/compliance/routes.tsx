import type { RouteObject } from 'react-router'

// Mounted under /organizations/:orgId.
export const complianceRoutes: RouteObject[] = [
  { path: 'compliance', lazy: async () => ({ Component: (await import('./routes/ResultsPage')).default }) },
]
