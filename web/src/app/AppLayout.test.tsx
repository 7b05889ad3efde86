import type { Permission, Role } from '@/lib/session'
import { buttons, calls, click, installDomShims, json, mockApi, pageText, renderRoutes, see, sessionOf, waitUntil } from '@/lib/test-harness'
import { AppLayout } from './AppLayout'
import { HomeRedirect } from './HomeRedirect'

const ORG = '11111111-1111-4111-8111-111111111111'

function session(role: Role, permissions?: Permission[]) {
  return sessionOf(role, permissions ? { permissions } : {})
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

describe('the idle sign-out', { timeout: 30_000 }, () => {
  const idle = (msLeft: number) => ({
    ...session('member'),
    idle_timeout_minutes: 30,
    idle_expires_at: new Date(Date.now() + msLeft).toISOString(),
  })

  it('warns first, and "Stay signed in" keeps the person on the page', async () => {
    let answers = 0
    mockApi((_request, url) => {
      if (url.pathname !== '/api/v1/auth/session') return undefined
      answers += 1
      return json(idle(answers === 1 ? 90_000 : 30 * 60_000))
    })
    const page = await renderRoutes(routes, `/organizations/${ORG}/documents`)
    await see('Are you still there?')
    expect(document.querySelector('[role="timer"]')?.textContent).toMatch(/^1:[0-3]\d$/)
    await click(buttons('Stay signed in').at(-1))
    await waitUntil(() => expect(pageText()).not.toContain('Are you still there?'))
    expect(answers).toBe(2)
    expect(page.router.state.location.pathname).toBe(`/organizations/${ORG}/documents`)
    page.unmount()
  })

  it('signs out at the end and goes to sign-in, to come back to the same page', async () => {
    mockApi((request, url) => {
      if (url.pathname === '/api/v1/auth/session') return json(idle(1_500))
      if (url.pathname === '/api/v1/auth/logout' && request.method === 'POST') return new Response(null, { status: 204 })
      return undefined
    })
    const page = await renderRoutes(routes, `/organizations/${ORG}/documents?tab=mine`)
    await waitUntil(() => expect(calls).toContain('POST /api/v1/auth/logout'))
    await waitUntil(() =>
      expect(`${page.router.state.location.pathname}${page.router.state.location.search}`).toBe(
        `/login?next=${encodeURIComponent(`/organizations/${ORG}/documents?tab=mine`)}&reason=idle`,
      ),
    )
    page.unmount()
  })
})
