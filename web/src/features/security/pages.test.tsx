// Renders the security pages against a mocked API: every section, label and flow the e2e tests rely on.
import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act } from 'react'
import { createRoot } from 'react-dom/client'
import { createMemoryRouter, RouterProvider } from 'react-router'

type Handler = (req: Request, url: URL) => Response | Promise<Response> | undefined
const state = vi.hoisted(() => {
  const s: { handler: Handler | null; calls: string[]; bodies: string[] } = { handler: null, calls: [], bodies: [] }
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(input, init)
    const url = new URL(req.url)
    s.calls.push(`${req.method} ${url.pathname}${url.search}`)
    if (req.method !== 'GET') s.bodies.push(await req.clone().text())
    const res = s.handler?.(req, url)
    if (res) return res
    return new Response(JSON.stringify({ type: 'x', title: 'Not found', status: 404, code: 'not-found', detail: 'Nope.' }), {
      status: 404,
      headers: { 'content-type': 'application/problem+json' },
    })
  }) as typeof fetch
  return s
})

import { securityRoutes } from './routes'
import { cards, membership, pretendPhone } from '@/lib/test-harness'
import type { Role } from '@/lib/session'

const ORG = '11111111-1111-1111-1111-111111111111'
const ME = '22222222-2222-2222-2222-222222222222'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}
function problem(status: number, code: string, detail: string, errors?: Record<string, string[]>) {
  return new Response(JSON.stringify({ type: 'x', title: 'Problem', status, code, detail, errors }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  })
}

let mfaEnabled = false
function session(role: string) {
  return {
    csrf_token: 't',
    current_organization_id: ORG,
    expires_at: '2030-01-01T00:00:00Z',
    remember_me: false,
    user: { id: ME, email: 'me@example.org', email_verified: true, first_name: 'Mia', last_name: 'Owner', time_zone: 'Australia/Sydney', mfa_enabled: mfaEnabled, created_at: '2025-01-01T00:00:00Z' },
    memberships: [membership(role as Role, { organization_id: ORG, slug: 'hv' })],
  }
}

function api(role: string): Handler {
  return (req, url) => {
    const p = url.pathname
    if (p === '/api/v1/auth/session') return json(session(role))
    if (p === '/api/v1/me/security')
      return json({ email: 'me@example.org', email_verified: true, password_changed_at: '2025-06-01T00:00:00Z', active_sessions: 2, mfa: { enabled: mfaEnabled, enabled_at: mfaEnabled ? '2026-01-01T00:00:00Z' : null, recovery_codes_left: 10, available: true }, organizations: [{ organization_id: ORG, organization_name: 'Harbour View', require_mfa: true }] })
    if (p === '/api/v1/me/sessions' && req.method === 'GET')
      return json([
        { id: 's1', device: 'Firefox 120 on Linux', ip: '10.0.0.1', created_at: '2026-01-01T00:00:00Z', last_seen_at: '2026-01-02T00:00:00Z', expires_at: '2026-02-01T00:00:00Z', remember_me: true, current: true, auth_method: 'password_totp', authenticated_at: '2026-01-01T00:00:00Z' },
        { id: 's2', device: 'Safari 17 on iOS', ip: '10.0.0.2', created_at: '2026-01-01T00:00:00Z', last_seen_at: '2026-01-02T00:00:00Z', expires_at: '2026-02-01T00:00:00Z', remember_me: false, current: false, auth_method: 'password', authenticated_at: '2026-01-01T00:00:00Z' },
      ])
    if (p === '/api/v1/me/sessions' && req.method === 'DELETE') return json({ revoked: 1 })
    if (p === '/api/v1/me/activity')
      return json(Array.from({ length: Number(url.searchParams.get('limit')) }, (_, i) => ({ kind: i % 2 ? 'sign_in' : 'security_event', event: i % 2 ? 'bad_password' : 'password_changed', ip: '10.0.0.1', device: 'Firefox', at: '2026-01-02T00:00:00Z' })))
    if (p === '/api/v1/me/password') return problem(422, 'wrong-password', 'The current password is incorrect.', { current_password: ['The current password is incorrect.'] })
    if (p === '/api/v1/me/email') return json({ status: 'accepted', message: 'Check the new address for a confirmation link.' }, 202)
    if (p === '/api/v1/me/mfa/totp' && req.method === 'POST') return json({ secret: 'JBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://totp/Vigil:me?secret=JBSWY3DPEHPK3PXP' })
    if (p === '/api/v1/me/mfa/totp/confirm') {
      mfaEnabled = true
      return json({ recovery_codes: ['aaaa-bbbb', 'cccc-dddd'], signed_out_sessions: 1 })
    }
    return undefined
  }
}

beforeAll(() => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({ matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false }),
  })
  globalThis.ResizeObserver = class { observe() {} unobserve() {} disconnect() {} } as unknown as typeof ResizeObserver
  window.HTMLElement.prototype.scrollIntoView = () => {}
})

async function render(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/account', children: securityRoutes },
      { path: '*', element: <div>elsewhere</div> },
    ],
    { initialEntries: [path] },
  )
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const container = document.createElement('div')
  document.body.appendChild(container)
  const root = createRoot(container)
  await act(async () => {
    root.render(
      <QueryClientProvider client={client}>
        <MantineProvider>
          <Notifications />
          <RouterProvider router={router} />
        </MantineProvider>
      </QueryClientProvider>,
    )
  })
  return { router, unmount: () => act(() => root.unmount()) }
}

const text = () => document.body.textContent ?? ''
async function see(s: string) {
  await vi.waitFor(() => expect(text()).toContain(s), { timeout: 4000 })
}
function button(name: string): HTMLButtonElement {
  const all = Array.from(document.querySelectorAll('button'))
  const b = all.find((el) => (el.getAttribute('aria-label') ?? el.textContent?.trim()) === name)
  if (!b) throw new Error(`no button ${name}; have ${all.map((x) => x.textContent).join('|')}`)
  return b
}
function field(label: string): HTMLInputElement {
  const labels = Array.from(document.querySelectorAll('label'))
  const l = labels.find((el) => el.textContent?.replace('*', '').trim() === label)
  const id = l?.getAttribute('for')
  const el = id ? document.getElementById(id) : document.querySelector(`input[aria-label="${label}"]`)
  if (!(el instanceof HTMLInputElement)) throw new Error(`no input ${label}; labels ${labels.map((x) => x.textContent).join('|')}`)
  return el
}
async function type(label: string, value: string) {
  await act(async () => {
    const el = field(label)
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set
    setter?.call(el, value)
    el.dispatchEvent(new Event('input', { bubbles: true }))
  })
}
async function click(name: string) {
  await act(async () => button(name).click())
}

afterEach(() => {
  document.body.innerHTML = ''
  state.calls.length = 0
  state.bodies.length = 0
})

describe('security page', () => {
  it('renders every section and runs the flows', async () => {
    state.handler = api('owner')
    const page = await render('/account/security')
    await see('Firefox 120 on Linux')
    for (const h of ['Password', 'Email address', 'Two-step verification', 'Active sessions', 'Recent activity']) {
      expect(Array.from(document.querySelectorAll('h2')).map((e) => e.textContent)).toContain(h)
    }
    expect(document.querySelectorAll('h1')).toHaveLength(1)
    await see('This device')
    await see('Sign-in attempt with a wrong password')
    await see('Harbour View requires two-step')

    // Password: field error from the server
    await type('Current password', 'wrong')
    await type('New password', 'correct horse battery staple zebra')
    await type('Confirm new password', 'correct horse battery staple zebra')
    await click('Change password')
    await see('The current password is incorrect.')

    // Email
    const emailInputs = Array.from(document.querySelectorAll('label')).filter((l) => l.textContent?.includes('Current password'))
    expect(emailInputs).toHaveLength(2)
    await type('New email address', 'new@example.org')
    const pw = document.getElementById(emailInputs[1]?.getAttribute('for') ?? '')
    await act(async () => {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set
      setter?.call(pw, 'secret')
      pw?.dispatchEvent(new Event('input', { bubbles: true }))
    })
    await click('Change email')
    await see('We sent the link to new@example.org')

    // Enrol
    await click('Set up two-step verification')
    await type('Your password', 'secret')
    await click('Continue')
    await see('JBSW Y3DP EHPK 3PXP')
    await type('Authentication code', '123456')
    await click('Confirm')
    await see('aaaa-bbbb')
    expect(text()).toContain('Save these codes now')
    await click('I have saved my codes')
    await see('Generate new recovery codes')
    expect(text()).toContain('Turn off two-step verification')

    // Sessions
    expect(text()).toContain('Signed in with a password and an authenticator code')
    expect(text()).toContain('Signed in with a password only')
    await click('Sign out all other sessions')
    await see('Sign out all other sessions?')
    await click('Sign out other sessions')
    await vi.waitFor(() => expect(state.calls).toContain('DELETE /api/v1/me/sessions'))

    // Activity: more
    await click('Show more activity')
    await vi.waitFor(() => expect(state.calls).toContain('GET /api/v1/me/activity?limit=60'))
    await page.unmount()
  }, 30_000)
})


describe('security page on a phone', () => {
  it('shows sessions and activity as cards, with Sign out on the other session', async () => {
    const desktop = pretendPhone()
    try {
      state.handler = api('owner')
      const page = await render('/account/security')
      await see('Safari 17 on iOS')
      await see('Sign-in attempt with a wrong password')
      expect(document.querySelector('table')).toBeNull()
      const sessions = cards('Sessions')
      expect(sessions.map((li) => li.getAttribute('aria-label'))).toEqual(['Firefox 120 on Linux', 'Safari 17 on iOS'])
      const [current, other] = sessions
      expect(current?.textContent).toContain('This device')
      expect(current?.textContent).toContain('Signed in with a password and an authenticator code')
      // This device is signed out from the account menu, not here.
      expect(current?.querySelector('button')).toBeNull()
      for (const label of ['IP address', 'Signed in', 'Last active']) expect(other?.textContent).toContain(label)
      const signOut = other?.querySelector<HTMLButtonElement>('button[aria-label="Sign out Safari 17 on iOS"]')
      await act(async () => signOut?.click())
      await vi.waitFor(() => expect(state.calls).toContain('DELETE /api/v1/me/sessions/s2'))

      const activity = cards('Recent activity')
      expect(activity).toHaveLength(20)
      for (const label of ['When', 'Device', 'IP address']) expect(activity[1]?.textContent).toContain(label)
      expect(activity[1]?.textContent).toContain('Sign-in attempt with a wrong password')
      expect(activity[1]?.textContent).toContain('Failed')
      await page.unmount()
    } finally {
      desktop()
    }
  }, 30_000)
})
