import type { RouteObject } from 'react-router'

/** Public pages (inside PublicLayout): the terms of service and the privacy policy. */
export const legalRoutes: RouteObject[] = [
  { path: 'terms', lazy: async () => ({ Component: (await import('./routes/LegalPage')).TermsPage }) },
  { path: 'privacy', lazy: async () => ({ Component: (await import('./routes/LegalPage')).PrivacyPage }) },
]
