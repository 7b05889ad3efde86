import { buttons, calls, cards, click, installDomShims, json, mockApi, onPhones, pageText, renderRoutes, see, sessionOf, waitUntil } from '@/lib/test-harness'
import { dashboardRoutes } from '../routes'
import type { Role } from '@/lib/session'

const ORG = '11111111-1111-4111-8111-111111111111'
const ME = '22222222-2222-4222-8222-222222222222'
const routes = [{ path: '/organizations/:orgId', children: dashboardRoutes }]

const events = [
  { id: 'e2', seq: 2, actor_type: 'user', actor_id: ME, actor_name: 'Mia Owner', action: 'member.role_changed', details: { before: 'member', after: 'admin' }, created_at: '2025-03-01T00:00:00Z' },
  { id: 'e1', seq: 1, actor_type: 'user', actor_id: ME, actor_name: 'Mia Owner', action: 'invitation.created', details: { email: 'pat@example.org', role: 'viewer' }, created_at: '2025-02-01T00:00:00Z' },
]

function organisation(role: Role) {
  return (_request: Request, url: URL) => {
    const path = url.pathname.replace(`/api/v1/organizations/${ORG}`, '')
    if (url.pathname === '/api/v1/auth/session') return json(sessionOf(role))
    if (path === '/dashboard')
      return json({
        organization_id: ORG, organization_name: 'Harbour View Clinic', subscription_tier: 'free',
        members: { total: 2, owners: 1, admins: 0, members: 1, viewers: 0 },
        seats: { members: 2, pending_invitations: 1, limit: 5 },
        onboarding: { completed: false, current_step: 'branding', steps: [{ number: 1, step: 'account', status: 'completed' }, { number: 4, step: 'branding', status: 'pending' }] },
        security: {
          members_without_mfa: 1,
          locked_accounts: 1,
          locked_members: [
            { user_id: 'u-locked', name: 'Sam Locum', email: 'sam@example.org', locked_until: '2025-03-01T10:15:00Z', scope: 'account' },
          ],
          mfa_required: false,
          passkeys_required: 'owners_and_admins',
          mfa_methods: [
            { role: 'owner', none: 0, totp: 1, passkey: 0 },
            { role: 'admin', none: 0, totp: 0, passkey: 0 },
            { role: 'member', none: 1, totp: 0, passkey: 0 },
          ],
        },
        compliance: {
          documents: 3, documents_without_results: 1, results: 5,
          results_by_status: { compliant: 2, partially_compliant: 1, non_compliant: 2, not_assessed: 0 },
          overdue_reviews: 2, reviews_due_soon: 0,
        },
        recent_activity: events,
      })
    if (path === '/members') return json({ items: [], total: 0, limit: 100, offset: 0 })
    if (path === '/audit-events') return json({ items: events, next_cursor: url.searchParams.get('cursor') ? null : 1 })
    if (path === '/audit-events/verification') return json({ valid: false, events_checked: 2, first_broken_seq: 2 })
    return undefined
  }
}

beforeAll(installDomShims)

describe('dashboard', { timeout: 30_000 }, () => {
  it('shows the organisation at a glance to administrators', async () => {
    mockApi(organisation('admin'))
    const page = await renderRoutes(routes, `/organizations/${ORG}/dashboard`)
    await see('Harbour View Clinic')
    await see('Continue setup')
    await see("Mia Owner changed a member's role from Member to Administrator")
    expect(pageText()).toContain('3 of 5')
    await see('Locked sign-ins')
    expect(pageText()).toContain('sam@example.org')
    expect(pageText()).toContain('Free')
    // What to do next, each linking to where it is fixed.
    await see('What to do next')
    const link = (step: string) => document.querySelector(`li[data-step="${step}"] a`)?.getAttribute('href')
    expect(pageText()).toContain('2 compliance results are overdue for review.')
    expect(link('overdue')).toBe(`/organizations/${ORG}/compliance?review=overdue&sort=review_due_on`)
    expect(link('non-compliant')).toBe(`/organizations/${ORG}/compliance?status=non_compliant`)
    expect(link('unchecked')).toBe(`/organizations/${ORG}/documents`)
    expect(link('mfa')).toBe(`/organizations/${ORG}/settings?tab=security`)
    expect(link('invitations')).toBe(`/organizations/${ORG}/members`)
    // Results by status link to the filtered list.
    expect(document.querySelector(`a[href="/organizations/${ORG}/compliance?status=non_compliant"]`)).not.toBeNull()
    page.unmount()
  })

  it('shows how each role signs in, and who must use a passkey', async () => {
    mockApi(organisation('owner'))
    const page = await renderRoutes(routes, `/organizations/${ORG}/dashboard`)
    await see('Passkeys required for')
    const card = document.querySelector('section[aria-label="Security"]')
    expect(card?.textContent).toContain('Owners and administrators')
    const table = card?.querySelector('table[aria-label="Sign-in methods by role"]')
    const rows = Array.from(table?.querySelectorAll('tr') ?? []).map((tr) =>
      Array.from(tr.children).map((cell) => cell.textContent?.trim()),
    )
    // Roles nobody holds are left out; owners and administrators are asked for a passkey.
    expect(rows).toEqual([
      ['Role', 'Password only', 'Authenticator app', 'Passkey'],
      ['Owner (passkey required)', '0', '1', '0'],
      ['Member', '1', '0', '0'],
    ])
    const link = (step: string) => document.querySelector(`li[data-step="${step}"] a`)?.getAttribute('href')
    await see('1 member has not added the passkey your policy requires')
    expect(link('passkeys')).toBe(`/organizations/${ORG}/members`)
    page.unmount()
  })

  it('links the security and seats cards to where each is fixed', async () => {
    mockApi(organisation('owner'))
    const page = await renderRoutes(routes, `/organizations/${ORG}/dashboard`)
    await see('Security policy')
    const cardLinks = (card: string) =>
      Array.from(document.querySelectorAll(`section[aria-label="${card}"] a`)).map((a) => [a.textContent, a.getAttribute('href')])
    // Two-step verification and passkeys are required by the organisation's security policy.
    expect(cardLinks('Security')).toEqual([['Security policy', `/organizations/${ORG}/settings?tab=security`]])
    // Seats and pending invitations are managed on the members page.
    expect(cardLinks('Seats')).toEqual([['Manage seats and invitations', `/organizations/${ORG}/members`]])
    await click(buttons('Security policy')[0])
    await waitUntil(() => expect(page.router.state.location.pathname).toBe(`/organizations/${ORG}/settings`))
    expect(page.router.state.location.search).toBe('?tab=security')
    page.unmount()
  })

  it('does not ask the API for figures a member may not see', async () => {
    mockApi(organisation('member'))
    const page = await renderRoutes(routes, `/organizations/${ORG}/dashboard`)
    await see('Open documents')
    expect(calls.some((c) => c.includes('/dashboard'))).toBe(false)
    page.unmount()
  })
})

describe('audit log', { timeout: 30_000 }, () => {
  it('lists events in words, pages by cursor and reports a broken chain', async () => {
    mockApi(organisation('owner'))
    const page = await renderRoutes(routes, `/organizations/${ORG}/audit`)
    await see('Invited pat@example.org as a viewer')
    await click(buttons('Verify integrity')[0])
    await see('The chain breaks at event #2')
    await click(buttons('Older events')[0])
    await waitUntil(() => expect(calls.some((c) => c.includes('cursor=1'))).toBe(true))
    page.unmount()
  })
})

describe('on a phone', { timeout: 30_000 }, () => {
  onPhones()

  it('shows locked sign-ins as cards, with nothing to scroll sideways', async () => {
    mockApi(organisation('admin'))
    const page = await renderRoutes(routes, `/organizations/${ORG}/dashboard`)
    await see('Locked sign-ins')
    expect(document.querySelector('table')).toBeNull()
    const [sam] = cards('Locked sign-ins')
    expect(sam?.getAttribute('aria-label')).toBe('Sam Locum')
    expect(sam?.textContent).toContain('sam@example.org')
    expect(sam?.textContent).toContain('Everywhere (except their own signed-in browsers)')
    expect(sam?.textContent).toContain('Until')
    page.unmount()
  })

  it('shows audit events as cards that keep every column', async () => {
    mockApi(organisation('owner'))
    const page = await renderRoutes(routes, `/organizations/${ORG}/audit`)
    await see('Invited pat@example.org as a viewer')
    expect(document.querySelector('table')).toBeNull()
    const listed = cards('Audit events')
    expect(listed.map((li) => li.getAttribute('aria-label'))).toEqual(['Event #2', 'Event #1'])
    const invited = listed[1]
    for (const label of ['When', 'Who', 'IP address', 'Event']) expect(invited?.textContent).toContain(label)
    expect(invited?.textContent).toContain('Invited pat@example.org as a viewer')
    expect(invited?.textContent).toContain('invitation.created')
    expect(invited?.querySelector('time')?.getAttribute('datetime')).toBe('2025-02-01T00:00:00Z')
    // Paging stays in reach below the cards.
    await click(buttons('Older events')[0])
    await waitUntil(() => expect(calls.some((c) => c.includes('cursor=1'))).toBe(true))
    page.unmount()
  })
})
