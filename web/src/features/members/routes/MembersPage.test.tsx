import { calls, click, buttons, input, installDomShims, json, mockApi, pageText, problem, renderRoutes, see, typeInto, waitUntil } from '@/lib/test-harness'
import { memberRoutes } from '../routes'

const ORG = '11111111-1111-4111-8111-111111111111'
const ME = '22222222-2222-4222-8222-222222222222'
const SAM = '33333333-3333-4333-8333-333333333333'
const routes = [{ path: '/organizations/:orgId', children: memberRoutes }]

function session(role: string) {
  return {
    csrf_token: 'csrf',
    current_organization_id: ORG,
    expires_at: '2030-01-01T00:00:00Z',
    remember_me: false,
    user: {
      id: ME, email: 'mia@example.org', email_verified: true, first_name: 'Mia', last_name: 'Owner',
      time_zone: 'Australia/Sydney', mfa_enabled: false, created_at: '2025-01-01T00:00:00Z',
    },
    memberships: [{ organization_id: ORG, organization_name: 'Harbour View', slug: 'harbour-view', role }],
  }
}

const mia = { user_id: ME, email: 'mia@example.org', first_name: 'Mia', last_name: 'Owner', role: 'owner', joined_at: '2025-01-01T00:00:00Z', access_expired: false }
const sam = { user_id: SAM, email: 'sam@example.org', first_name: 'Sam', last_name: 'Locum', role: 'member', joined_at: '2025-02-01T00:00:00Z', access_expires_at: '2030-02-01T00:00:00Z', access_expired: false }
const invitation = { id: 'inv-1', email: 'pat@example.org', role: 'viewer', status: 'pending', expires_at: '2030-01-01T00:00:00Z', sent_count: 1, last_sent_at: '2025-01-01T00:00:00Z', created_at: '2025-01-01T00:00:00Z', invited_by: ME }

function organisation(role: string) {
  return (request: Request, url: URL) => {
    const path = url.pathname.replace(`/api/v1/organizations/${ORG}`, '')
    if (url.pathname === '/api/v1/auth/session') return json(session(role))
    if (path === '/members' && url.searchParams.get('role') === 'owner') return json({ items: [mia], total: 1, limit: 1, offset: 0 })
    if (path === '/members') return json({ items: [mia, sam], total: 2, limit: 25, offset: 0 })
    if (path === '/dashboard') return json({ seats: { members: 2, pending_invitations: 1, limit: 5 } })
    if (path === '/invitations' && request.method === 'GET') return json({ items: [invitation], total: 1, limit: 25, offset: 0 })
    if (path === '/invitations/inv-1/resend') return json({ ...invitation, sent_count: 2, invite_link: 'https://vigil.test/invitations/accept?token=abc' })
    if (path === '/invitations' && request.method === 'POST')
      return json({
        invited: 1,
        failed: 1,
        results: [
          { email: 'new@example.org', outcome: 'invited', invitation: { ...invitation, id: 'inv-2', email: 'new@example.org', invite_link: 'https://vigil.test/l2' } },
          { email: 'sam@example.org', outcome: 'failed', code: 'already-member', message: 'This person is already a member.' },
        ],
      })
    if (path === `/members/${SAM}` && request.method === 'PATCH') return problem(409, 'last-owner', 'An organisation needs at least one owner.')
    return undefined
  }
}

beforeAll(installDomShims)

describe('members page', { timeout: 30_000 }, () => {
  it('lets an owner see seats, members and invitations, resend with a link, and invite several people', async () => {
    mockApi(organisation('owner'))
    const page = await renderRoutes(routes, `/organizations/${ORG}/members`)
    await see('Sam Locum')
    await see('3 of 5 seats used')
    await see('pat@example.org')
    expect(input('Role for Sam Locum')).toHaveLength(1)
    expect(input('Search members')).toHaveLength(1)
    expect(buttons('Copy link')).toHaveLength(0)

    await click(buttons('Resend')[0])
    await waitUntil(() => expect(buttons('Copy link')).toHaveLength(1))
    expect(input('Invitation link for pat@example.org')[0]?.value).toBe('https://vigil.test/invitations/accept?token=abc')

    await click(buttons('Invite people')[0])
    await see('Send invitations')
    await click(buttons('Add another')[0])
    const emails = input('Email address')
    expect(emails).toHaveLength(2)
    await typeInto(emails[0], 'new@example.org')
    await typeInto(emails[1], 'sam@example.org')
    await click(buttons('Send invitations')[0])
    await see('1 invitation sent, 1 failed.')
    await see('This person is already a member.')
    // Only the failed address stays in the form, with its reason on the field.
    const left = input('Email address')
    expect(left.map((i) => i.value)).toEqual(['sam@example.org'])
    expect(left[0]?.getAttribute('aria-invalid')).toBe('true')
    const post = calls.find((c) => c === `POST /api/v1/organizations/${ORG}/invitations`)
    expect(post).toBeDefined()
    page.unmount()
  })

  it('shows viewers a read-only list without invitations or seats', async () => {
    mockApi(organisation('viewer'))
    const page = await renderRoutes(routes, `/organizations/${ORG}/members`)
    await see('Sam Locum')
    expect(buttons('Invite people')).toHaveLength(0)
    expect(buttons('Remove')).toHaveLength(0)
    expect(input('Role for Sam Locum')).toHaveLength(0)
    expect(pageText()).not.toContain('seats used')
    expect(calls.some((c) => c.includes('/dashboard') || c.includes('/invitations'))).toBe(false)
    page.unmount()
  })
})
