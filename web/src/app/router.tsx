import { createBrowserRouter, type RouteObject } from 'react-router'
import { apiClientRoutes } from '@/features/api-clients/routes'
import { authRoutes } from '@/features/auth/routes'
import { complianceRoutes } from '@/features/compliance/routes'
import { dashboardRoutes } from '@/features/dashboard/routes'
import { documentRoutes } from '@/features/documents/routes'
import { invitationRoutes } from '@/features/invitations/routes'
import { legalRoutes } from '@/features/legal/routes'
import { memberRoutes } from '@/features/members/routes'
import { onboardingRoutes } from '@/features/onboarding/routes'
import { organizationRoutes, newOrganizationRoutes } from '@/features/organization/routes'
import { reportRoutes } from '@/features/reports/routes'
import { securityRoutes } from '@/features/security/routes'
import { LoadingState } from '@/components/States'
import { AppLayout } from './AppLayout'
import { HomeRedirect } from './HomeRedirect'
import { NotFoundPage } from './NotFoundPage'
import { OrganizationGuard } from './OrganizationGuard'
import { PublicLayout } from './PublicLayout'
import { RequireSession } from './RequireSession'
import { RouteError } from './RouteError'

const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    hydrateFallbackElement: <LoadingState />,
    children: [
      { element: <PublicLayout />, children: [...authRoutes, ...invitationRoutes, ...legalRoutes] },
      {
        element: <RequireSession />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <HomeRedirect /> },
              { path: 'account', children: securityRoutes },
              ...newOrganizationRoutes,
              {
                path: 'organizations/:orgId',
                element: <OrganizationGuard />,
                children: [
                  ...dashboardRoutes,
                  ...onboardingRoutes,
                  ...organizationRoutes,
                  ...memberRoutes,
                  ...documentRoutes,
                  ...complianceRoutes,
                  ...reportRoutes,
                  ...apiClientRoutes,
                ],
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]

export const router = createBrowserRouter(routes)
