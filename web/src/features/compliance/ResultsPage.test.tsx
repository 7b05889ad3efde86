// The organisation's results page: what it asks the API for from the URL, honest empty states,
// and editing only for those allowed.
import { complianceRoutes } from './routes'
import { buttons, calls, installDomShims, json, membership, mockApi, renderRoutes, see, waitUntil } from '@/lib/test-harness'
import type { Role } from '@/lib/session'

const ORG = '11111111-1111-4111-8111-111111111111'
const DOC = '44444444-4444-4444-8444-444444444444'
const routes = [{ path: 'organizations/:orgId', children: complianceRoutes }]
const result = {
  id: 'r1',
  document_id: DOC,
  document_name: 'Infection control policy.pdf',
  standard: 'NSQHS-3',
  standard_name: 'NSQHS Standard 3 — Preventing and Controlling Infections',
  status: 'non_compliant',
  score: 40,
  findings: [],
  requirement: '3.10 Hand hygiene',
  notes: null,
  reviewer_id: null,
  review_due_on: '2026-01-10',
  overdue: true,
  created_by_user: null,
  created_by_client: null,
  created_at: '2026-01-03T00:00:00Z',
  updated_at: null,
}

function api(role: Role, items: unknown[]) {
  mockApi((_request, url) => {
    const p = url.pathname
    if (p === '/api/v1/auth/session')
      return json({ csrf_token: 't', current_organization_id: ORG, expires_at: '2030-01-01T00:00:00Z', remember_me: false, user: { id: 'u', email: 'me@example.org', email_verified: true, first_name: 'Mia', last_name: 'Ng', time_zone: 'Australia/Sydney', mfa_enabled: false, created_at: '2025-01-01T00:00:00Z' }, memberships: [membership(role)] })
    if (p === `/api/v1/organizations/${ORG}/compliance-results`)
      return json({ items, total: items.length, limit: 20, offset: 0, sort: url.searchParams.get('sort') ?? '-created_at' })
    if (p === `/api/v1/organizations/${ORG}/compliance-standards`) return json({ items: [] })
    if (p === `/api/v1/organizations/${ORG}/members`) return json({ items: [], total: 0, limit: 100, offset: 0 })
    return undefined
  })
}

beforeAll(installDomShims)

describe('compliance results page', { timeout: 20_000 }, () => {
  it('asks the API for the filters in the URL and lists results with their documents', async () => {
    api('member', [result])
    const page = await renderRoutes(routes, `/organizations/${ORG}/compliance?standard=NSQHS-3&status=non_compliant&review=overdue&sort=review_due_on&page=2`)
    await see('Infection control policy.pdf')
    await see('Overdue')
    const listCall = calls.find((c) => c.startsWith(`GET /api/v1/organizations/${ORG}/compliance-results?`)) ?? ''
    const query = new URLSearchParams(listCall.split('?')[1])
    expect(Object.fromEntries(query)).toEqual({
      standard: 'NSQHS-3',
      status: 'non_compliant',
      overdue: 'true',
      sort: 'review_due_on',
      limit: '20',
      offset: '20',
    })
    expect(document.querySelector(`a[href="/organizations/${ORG}/documents/${DOC}"]`)).not.toBeNull()
    await waitUntil(() => expect(buttons('Edit result for NSQHS Standard 3 — Preventing and Controlling Infections on Infection control policy.pdf')).toHaveLength(1))
    page.unmount()
  })

  it('tells viewers how results get here, and offers no editing', async () => {
    api('viewer', [])
    let page = await renderRoutes(routes, `/organizations/${ORG}/compliance`)
    await see('Results appear here when staff record them on a document, or when the compliance engine posts them through the API.')
    page.unmount()
    api('viewer', [result])
    page = await renderRoutes(routes, `/organizations/${ORG}/compliance`)
    await see('Infection control policy.pdf')
    expect(document.body.textContent).not.toContain('Edit')
    page.unmount()
    api('member', [])
    page = await renderRoutes(routes, `/organizations/${ORG}/compliance?review=overdue`)
    await see('No results match')
    await waitUntil(() => expect(buttons('Clear filters')).toHaveLength(1))
    page.unmount()
  })
})
