import type { Permission, Role } from '@/lib/session'
import { calls, installDomShims, json, membership, mockApi, renderRoutes, see, waitUntil } from '@/lib/test-harness'
import { AppLayout } from './AppLayout'
import { HomeRedirect } from './HomeRedirect'

const ORG = '11111111-1111-4111-8111-111111111111'

function session(role: Role, permissions?: Permission[]) {
  return {
    csrf_token: 'csrf',
    current_organization_id: ORG,
    expires_at: '2030-01-01T00:00:00Z',
    remember_me: false,
    user: {
      id: '22222222-2222-4222-8222-222222222222', email: 'mia@example.org', email_verified: true, first_name: 'Mia',
      last_name: 'Me', time_zone: 'Australia/Sydney', mfa_enabled: false, created_at: '2025-01-01T00:00:00Z',
    },
    memberships: [membership(role, { organization_id: ORG, ...(permissions ? { permissions } : {}) })],
  }
}

const routes = [
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'organizations/:orgId/*', element: <div>Organisation page</div> },
    ],
  },
]

function navLabels(): string[] {
  const nav = document.querySelector('nav[aria-label="Main"]')
  return Array.from(nav?.querySelectorAll('a') ?? []).map((a) => a.textContent?.trim() ?? '')
}

beforeAll(installDomShims)

describe('navigation', { timeout: 30_000 }, () => {
  it('shows owners and administrators every page', async () => {
    for (const role of ['owner', 'admin'] as const) {
      mockApi((_request, url) => (url.pathname === '/api/v1/auth/session' ? json(session(role)) : undefined))
      const page = await renderRoutes(routes, `/organizations/${ORG}/documents`)
      await waitUntil(() =>
        expect(navLabels()).toEqual(['Dashboard', 'Documents', 'Compliance results', 'Reports', 'Members', 'API clients', 'Audit log', 'Settings', 'My security']),
      )
      page.unmount()
    }
  })

  it('hides the pages a membership has no permission for', async () => {
    for (const role of ['member', 'viewer'] as const) {
      mockApi((_request, url) => (url.pathname === '/api/v1/auth/session' ? json(session(role)) : undefined))
      const page = await renderRoutes(routes, `/organizations/${ORG}/documents`)
      await waitUntil(() => expect(navLabels()).toEqual(['Dashboard', 'Documents', 'Compliance results', 'Reports', 'Members', 'My security']))
      page.unmount()
    }
  })

  it('follows the permissions the API sends, whatever the role is called', async () => {
    // An administrator whose permissions (say, a future narrower admin) lack the audit log.
    const permissions: Permission[] = ['organization.read', 'documents.read', 'branding.manage']
    mockApi((_request, url) => (url.pathname === '/api/v1/auth/session' ? json(session('admin', permissions)) : undefined))
    const page = await renderRoutes(routes, `/organizations/${ORG}/documents`)
    await waitUntil(() => expect(navLabels()).toEqual(['Dashboard', 'Documents', 'Settings', 'My security']))
    page.unmount()
  })

  it('sends people who may set the organisation up to onboarding first, and others to the dashboard', async () => {
    mockApi((_request, url) => {
      if (url.pathname === '/api/v1/auth/session') return json(session('admin'))
      if (url.pathname === `/api/v1/organizations/${ORG}/onboarding`) return json({ completed: false, steps: [] })
      return undefined
    })
    let page = await renderRoutes(routes, '/')
    await waitUntil(() => expect(page.router.state.location.pathname).toBe(`/organizations/${ORG}/onboarding`))
    page.unmount()

    mockApi((_request, url) => (url.pathname === '/api/v1/auth/session' ? json(session('member')) : undefined))
    page = await renderRoutes(routes, '/')
    await waitUntil(() => expect(page.router.state.location.pathname).toBe(`/organizations/${ORG}/dashboard`))
    await see('Organisation page')
    expect(calls.some((call) => call.includes('/onboarding'))).toBe(false)
    page.unmount()
  })
})
