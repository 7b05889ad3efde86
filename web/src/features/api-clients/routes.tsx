import type { RouteObject } from 'react-router'

// Mounted under /organizations/:orgId.
export const apiClientRoutes: RouteObject[] = [
  { path: 'api-clients', lazy: async () => ({ Component: (await import('./routes/ApiClientsPage')).default }) },
]
