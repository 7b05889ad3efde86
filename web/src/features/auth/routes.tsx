import type { RouteObject } from 'react-router'

/** Public pages (rendered inside PublicLayout): signup, sign-in and the links sent by email. */
export const authRoutes: RouteObject[] = [
  { path: 'signup', lazy: async () => ({ Component: (await import('./routes/SignupPage')).default }) },
  { path: 'login', lazy: async () => ({ Component: (await import('./routes/LoginPage')).default }) },
  { path: 'verify-email', lazy: async () => ({ Component: (await import('./routes/VerifyEmailPage')).default }) },
  {
    path: 'forgot-password',
    lazy: async () => ({ Component: (await import('./routes/ForgotPasswordPage')).default }),
  },
  {
    path: 'reset-password',
    lazy: async () => ({ Component: (await import('./routes/ResetPasswordPage')).default }),
  },
  { path: 'confirm-email', lazy: async () => ({ Component: (await import('./routes/ConfirmEmailPage')).default }) },
  { path: 'unlock', lazy: async () => ({ Component: (await import('./routes/UnlockPage')).default }) },
  { path: 'not-me', lazy: async () => ({ Component: (await import('./routes/NotMePage')).default }) },
]
