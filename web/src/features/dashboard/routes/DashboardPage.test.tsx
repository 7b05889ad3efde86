import { buttons, calls, click, installDomShims, json, mockApi, pageText, renderRoutes, see, waitUntil, membership } from '@/lib/test-harness'
import { dashboardRoutes } from '../routes'
import type { Role } from '@/lib/session'

const ORG = '11111111-1111-4111-8111-111111111111'
const ME = '22222222-2222-4222-8222-222222222222'
const routes = [{ path: '/organizations/:orgId', children: dashboardRoutes }]

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
    memberships: [membership(role as Role, { organization_id: ORG })],
  }
}

const events = [
  { id: 'e2', seq: 2, actor_type: 'user', actor_id: ME, actor_name: 'Mia Owner', action: 'member.role_changed', details: { before: 'member', after: 'admin' }, created_at: '2025-03-01T00:00:00Z' },
  { id: 'e1', seq: 1, actor_type: 'user', actor_id: ME, actor_name: 'Mia Owner', action: 'invitation.created', details: { email: 'pat@example.org', role: 'viewer' }, created_at: '2025-02-01T00:00:00Z' },
]

function organisation(role: string) {
  return (_request: Request, url: URL) => {
    const path = url.pathname.replace(`/api/v1/organizations/${ORG}`, '')
    if (url.pathname === '/api/v1/auth/session') return json(session(role))
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
    expect(link('mfa')).toBe(`/organizations/${ORG}/settings`)
    expect(link('invitations')).toBe(`/organizations/${ORG}/members`)
    // Results by status link to the filtered list.
    expect(document.querySelector(`a[href="/organizations/${ORG}/compliance?status=non_compliant"]`)).not.toBeNull()
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
