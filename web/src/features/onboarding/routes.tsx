import type { RouteObject } from 'react-router'

export const onboardingRoutes: RouteObject[] = [
  { path: 'onboarding', lazy: async () => ({ Component: (await import('./routes/OnboardingPage')).default }) },
]
