import type { RouteObject } from 'react-router'

// Mounted under /account.
export const securityRoutes: RouteObject[] = [
  { path: 'security', lazy: async () => ({ Component: (await import('./routes/SecurityPage')).default }) },
  { path: 'profile', lazy: async () => ({ Component: (await import('./routes/ProfilePage')).default }) },
]
