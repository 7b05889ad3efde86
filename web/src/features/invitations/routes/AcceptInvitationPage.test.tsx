import { buttons, calls, click, input, installDomShims, json, mockApi, problem, renderRoutes, see, typeInto, waitUntil } from '@/lib/test-harness'
import { invitationRoutes } from '../routes'

const ORG = '11111111-1111-4111-8111-111111111111'
const routes = invitationRoutes.map((route) => ({ ...route, path: `/${route.path ?? ''}` }))
const page = '/invitations/accept?token=tok'
const next = '/login?next=%2Finvitations%2Faccept%3Ftoken%3Dtok'

function session(email: string) {
  return {
    csrf_token: 'csrf',
    current_organization_id: ORG,
    expires_at: '2030-01-01T00:00:00Z',
    remember_me: false,
    user: {
      id: '22222222-2222-4222-8222-222222222222', email, email_verified: true, first_name: 'Pat', last_name: 'New',
      time_zone: 'Australia/Sydney', mfa_enabled: false, created_at: '2025-01-01T00:00:00Z',
    },
    memberships: [{ organization_id: ORG, organization_name: 'Harbour View', slug: 'harbour-view', role: 'member' }],
  }
}

function invitationApi(options: { signedInAs?: string; accountExists: boolean }) {
  let signedInAs = options.signedInAs
  return (request: Request, url: URL) => {
    if (url.pathname === '/api/v1/auth/session')
      return signedInAs ? json(session(signedInAs)) : problem(401, 'unauthenticated')
    if (url.pathname === '/api/v1/invitations/tok')
      return json({
        organization: { id: ORG, name: 'Harbour View' }, inviter_name: 'Mia Owner', email: 'pat@example.org',
        role: 'member', expires_at: '2030-01-01T00:00:00Z', account_exists: options.accountExists,
      })
    if (url.pathname === '/api/v1/invitations/expired') return problem(410, 'invitation-expired')
    if (url.pathname === '/api/v1/invitations/used') return problem(410, 'invitation-used')
    if (url.pathname === '/api/v1/auth/logout') {
      signedInAs = undefined
      return new Response(null, { status: 204 })
    }
    if (url.pathname === '/api/v1/invitations/accept' && request.method === 'POST') {
      signedInAs = 'pat@example.org'
      return json(session('pat@example.org'))
    }
    return undefined
  }
}

beforeAll(installDomShims)

describe('accept invitation', { timeout: 30_000 }, () => {
  it('creates the account of a new user and opens the organisation', async () => {
    mockApi(invitationApi({ accountExists: false }))
    const view = await renderRoutes(routes, page)
    await see('Join Harbour View')
    await see('Mia Owner invited you')
    await see('Create your Vigil account to accept')
    await typeInto(input('First name')[0], 'Pat')
    await typeInto(input('Last name')[0], 'New')
    await typeInto(input('Password')[0], 'harbour lantern quietly juggles seventeen plums')
    await click(buttons('Accept invitation')[0])
    await waitUntil(() => expect(view.router.state.location.pathname).toBe(`/organizations/${ORG}/dashboard`))
    expect(calls).toContain('POST /api/v1/invitations/accept')
    view.unmount()
  })

  it('sends an existing user to sign in and back', async () => {
    mockApi(invitationApi({ accountExists: true }))
    const view = await renderRoutes(routes, page)
    await see('Sign in to accept')
    expect(buttons('Sign in to accept')[0]?.getAttribute('href')).toBe(next)
    view.unmount()
  })

  it('accepts for the signed-in invitee', async () => {
    mockApi(invitationApi({ accountExists: true, signedInAs: 'Pat@Example.org' }))
    const view = await renderRoutes(routes, page)
    await click(await waitUntil(() => buttons('Accept invitation')[0] ?? Promise.reject(new Error('no button'))))
    await waitUntil(() => expect(view.router.state.location.pathname).toBe(`/organizations/${ORG}/dashboard`))
    view.unmount()
  })

  it('offers to switch account when someone else is signed in', async () => {
    mockApi(invitationApi({ accountExists: true, signedInAs: 'other@example.org' }))
    const view = await renderRoutes(routes, page)
    await see('Sign out and switch account')
    await click(buttons('Sign out and switch account')[0])
    await waitUntil(() => expect(`${view.router.state.location.pathname}${view.router.state.location.search}`).toBe(next))
    view.unmount()
  })

  it('explains links that cannot be used', async () => {
    mockApi(invitationApi({ accountExists: false }))
    let view = await renderRoutes(routes, '/invitations/accept?token=expired')
    await see('This invitation has expired')
    view.unmount()
    view = await renderRoutes(routes, '/invitations/accept?token=used')
    await see('This invitation has already been used')
    view.unmount()
    view = await renderRoutes(routes, '/invitations/accept')
    await see('This invitation link is incomplete')
    view.unmount()
  })
})
