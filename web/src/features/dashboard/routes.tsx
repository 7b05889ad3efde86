import type { RouteObject } from 'react-router'

export const dashboardRoutes: RouteObject[] = [
  { path: 'dashboard', lazy: async () => ({ Component: (await import('./routes/DashboardPage')).default }) },
  { path: 'audit', lazy: async () => ({ Component: (await import('./routes/AuditPage')).default }) },
]
