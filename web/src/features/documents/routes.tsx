import type { RouteObject } from 'react-router'

// Mounted under /organizations/:orgId.
export const documentRoutes: RouteObject[] = [
  { path: 'documents', lazy: async () => ({ Component: (await import('./routes/DocumentsPage')).default }) },
  {
    path: 'documents/:documentId',
    lazy: async () => ({ Component: (await import('./routes/DocumentDetailPage')).default }),
  },
]
