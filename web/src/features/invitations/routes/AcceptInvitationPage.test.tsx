import { buttons, calls, click, input, installDomShims, json, membership, mockApi, pageText, problem, renderRoutes, see, typeInto, waitUntil } from '@/lib/test-harness'
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
    memberships: [membership('member', { organization_id: ORG })],
  }
}

type AcceptAnswer = 'joined' | 'sign-in-required' | 'account-exists' | 'wrong-account'

function invitationApi(options: { signedInAs?: string; accept?: AcceptAnswer } = {}) {
  let signedInAs = options.signedInAs
  const answer = options.accept ?? 'joined'
  return (request: Request, url: URL) => {
    if (url.pathname === '/api/v1/auth/session')
      return signedInAs ? json(session(signedInAs)) : problem(401, 'unauthenticated')
    if (url.pathname === '/api/v1/invitations/tok')
      // The preview says nothing about whether the address has an account.
      return json({
        organization: { id: ORG, name: 'Harbour View' }, inviter_name: 'Mia Owner', email: 'pat@example.org',
        role: 'member', expires_at: '2030-01-01T00:00:00Z',
      })
    if (url.pathname === '/api/v1/invitations/expired') return problem(410, 'invitation-expired')
    if (url.pathname === '/api/v1/invitations/used') return problem(410, 'invitation-used')
    if (url.pathname === '/api/v1/auth/logout') {
      signedInAs = undefined
      return new Response(null, { status: 204 })
    }
    if (url.pathname === '/api/v1/invitations/accept' && request.method === 'POST') {
      switch (answer) {
        case 'sign-in-required':
          return problem(401, 'sign-in-required', 'pat@example.org already has a Vigil account: sign in as pat@example.org and open the link again to accept.')
        case 'account-exists':
          return problem(409, 'account-exists', 'An account for this address was just created. Sign in to accept the invitation.')
        case 'wrong-account':
          return problem(403, 'wrong-account', 'You are signed in as pat@example.org, but this invitation is for someone else.')
        default:
          signedInAs = 'pat@example.org'
          return json(session('pat@example.org'))
      }
    }
    return undefined
  }
}

async function fillNewAccount() {
  await typeInto(input('First name')[0], 'Pat')
  await typeInto(input('Last name')[0], 'New')
  await typeInto(input('Password')[0], 'harbour lantern quietly juggles seventeen plums')
  await click(buttons('Create account and accept')[0])
}

beforeAll(installDomShims)

describe('accept invitation', { timeout: 30_000 }, () => {
  it('offers a new account and signing in, and creates the account of a new user', async () => {
    mockApi(invitationApi())
    const view = await renderRoutes(routes, page)
    await see('Join Harbour View')
    await see('Mia Owner invited you')
    await see('Create your account to accept')
    // Someone who already has an account signs in and comes back here.
    await see('Already have a Vigil account?')
    expect(buttons('Sign in to accept').map((link) => link.getAttribute('href'))).toEqual([next])
    await fillNewAccount()
    await waitUntil(() => expect(view.router.state.location.pathname).toBe(`/organizations/${ORG}/dashboard`))
    expect(calls).toContain('POST /api/v1/invitations/accept')
    view.unmount()
  })

  it('sends an address that already has an account to sign in (401 sign-in-required)', async () => {
    mockApi(invitationApi({ accept: 'sign-in-required' }))
    const view = await renderRoutes(routes, page)
    await see('Create your account to accept')
    await fillNewAccount()
    await see('pat@example.org already has a Vigil account')
    await see('sign in as pat@example.org and open the link again to accept.')
    await waitUntil(() => expect(buttons('Sign in to accept').length).toBe(2))
    for (const link of buttons('Sign in to accept')) expect(link.getAttribute('href')).toBe(next)
    expect(view.router.state.location.pathname).toBe('/invitations/accept')
    view.unmount()
  })

  it('sends a person whose account was just created to sign in (409 account-exists)', async () => {
    mockApi(invitationApi({ accept: 'account-exists' }))
    const view = await renderRoutes(routes, page)
    await see('Create your account to accept')
    await fillNewAccount()
    await see('An account for this address was just created.')
    await waitUntil(() => expect(buttons('Sign in to accept').length).toBe(2))
    view.unmount()
  })

  it('accepts as the signed-in invitee', async () => {
    mockApi(invitationApi({ signedInAs: 'Pat@Example.org' }))
    const view = await renderRoutes(routes, page)
    await click(await waitUntil(() => buttons('Accept as Pat@Example.org')[0] ?? Promise.reject(new Error('no button'))))
    await waitUntil(() => expect(view.router.state.location.pathname).toBe(`/organizations/${ORG}/dashboard`))
    expect(pageText()).not.toContain('Create your account')
    view.unmount()
  })

  it('shows the problem when the API refuses the signed-in account (403)', async () => {
    mockApi(invitationApi({ signedInAs: 'pat@example.org', accept: 'wrong-account' }))
    const view = await renderRoutes(routes, page)
    await click(await waitUntil(() => buttons('Accept as pat@example.org')[0] ?? Promise.reject(new Error('no button'))))
    await see('You are signed in as pat@example.org, but this invitation is for someone else.')
    await see('The invitation was not accepted')
    expect(buttons('Sign out and switch account')).toHaveLength(1)
    expect(view.router.state.location.pathname).toBe('/invitations/accept')
    view.unmount()
  })

  it('lets someone signed in as another address sign out and choose again here', async () => {
    mockApi(invitationApi({ signedInAs: 'other@example.org' }))
    const view = await renderRoutes(routes, page)
    await see('You are signed in as someone else')
    expect(buttons('Accept as other@example.org')).toHaveLength(0)
    await click(buttons('Sign out and switch account')[0])
    // Still on the invitation: create the account, or sign in as the invited address.
    await see('Create your account to accept')
    expect(buttons('Sign in to accept')[0]?.getAttribute('href')).toBe(next)
    expect(`${view.router.state.location.pathname}${view.router.state.location.search}`).toBe(page)
    expect(calls).toContain('POST /api/v1/auth/logout')
    view.unmount()
  })

  it('explains links that cannot be used', async () => {
    mockApi(invitationApi())
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
