import type { RouteObject } from 'react-router'

/** Public: reached from the invitation email, signed in or not. */
export const invitationRoutes: RouteObject[] = [
  {
    path: 'invitations/accept',
    lazy: async () => ({ Component: (await import('./routes/AcceptInvitationPage')).default }),
  },
]
