import type { RouteObject } from 'react-router'

export const memberRoutes: RouteObject[] = [
  { path: 'members', lazy: async () => ({ Component: (await import('./routes/MembersPage')).default }) },
]
