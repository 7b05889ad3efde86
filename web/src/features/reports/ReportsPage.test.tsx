// The reports page: the kinds offered follow the permissions, a requested report shows as being
// built until the list says it is ready, then it downloads.
import { reportRoutes } from './routes'
import { pollInterval } from './api/reports'
import { buttons, calls, click, input, installDomShims, json, membership, mockApi, pageText, renderRoutes, see, typeInto, waitUntil } from '@/lib/test-harness'
import type { Permission, Role } from '@/lib/session'

const ORG = '11111111-1111-4111-8111-111111111111'
const routes = [{ path: 'organizations/:orgId', children: reportRoutes }]
const base = { format: 'csv', sha256: null, error: null, requested_by_user: 'u', requested_by_client: null, created_at: '2026-03-01T01:00:00Z' }
const pending = { ...base, id: 'rep1', kind: 'compliance_summary', status: 'pending', name: 'compliance-summary-2026-03-01.csv', size_bytes: null, completed_at: null }
const ready = { ...pending, status: 'ready', size_bytes: 2048, completed_at: '2026-03-01T01:00:05Z' }

function api(role: Role, lists: unknown[][], permissions?: Permission[]) {
  let served = 0
  mockApi((request, url) => {
    if (url.pathname === '/api/v1/auth/session')
      return json({ csrf_token: 't', current_organization_id: ORG, expires_at: '2030-01-01T00:00:00Z', remember_me: false, user: { id: 'u', email: 'me@example.org', email_verified: true, first_name: 'Mia', last_name: 'Ng', time_zone: 'Australia/Sydney', mfa_enabled: false, created_at: '2025-01-01T00:00:00Z' }, memberships: [membership(role, permissions ? { permissions } : {})] })
    if (url.pathname === `/api/v1/organizations/${ORG}/reports` && request.method === 'POST') return json(pending, 202)
    if (url.pathname === `/api/v1/organizations/${ORG}/reports`) {
      const items = lists[Math.min(served, lists.length - 1)] ?? []
      served += 1
      return json({ items, total: items.length, limit: 20, offset: 0 })
    }
    return undefined
  })
}

beforeAll(installDomShims)

describe('reports page', { timeout: 30_000 }, () => {
  it('offers the audit-log export only to those who may read the audit log', async () => {
    api('member', [[]])
    let page = await renderRoutes(routes, `/organizations/${ORG}/reports`)
    await see('Generate compliance summary')
    expect(pageText()).not.toContain('Audit log export')
    page.unmount()
    api('admin', [[]])
    page = await renderRoutes(routes, `/organizations/${ORG}/reports`)
    await see('Generate audit log export')
    page.unmount()
    api('viewer', [[]])
    page = await renderRoutes(routes, `/organizations/${ORG}/reports`)
    await see('Reports your organisation generates are listed here to download.')
    expect(pageText()).not.toContain('Generate a report')
    page.unmount()
  })

  it('generates a report, shows it being built and then offers the download', async () => {
    api('member', [[], [pending], [ready]])
    const page = await renderRoutes(routes, `/organizations/${ORG}/reports`)
    await see('No reports yet')
    await click(buttons('Generate compliance summary')[0])
    await see('Building…')
    expect(calls).toContain(`POST /api/v1/organizations/${ORG}/reports`)
    // The list is polled while a report is pending.
    await waitUntil(() => expect(buttons('Download compliance-summary-2026-03-01.csv')).toHaveLength(1))
    const link = buttons('Download compliance-summary-2026-03-01.csv')[0]
    expect(link?.getAttribute('href')).toBe(`/api/v1/organizations/${ORG}/reports/rep1/content`)
    expect(link?.hasAttribute('download')).toBe(true)
    expect(pageText()).toContain('2.0 KB')
    page.unmount()
  })

  it('polls only while something is being built', () => {
    expect(pollInterval({ items: [ready], total: 1, limit: 20, offset: 0 } as never)).toBe(false)
    expect(pollInterval({ items: [ready, pending], total: 2, limit: 20, offset: 0 } as never)).toBe(2000)
    expect(pollInterval(undefined)).toBe(false)
  })

  it('downloads an audit-log export through the API, confirming a stale sign-in in place first', async () => {
    const auditReport = { ...ready, id: 'rep2', kind: 'audit_log', name: 'audit-log-2026-03-01.csv' }
    const content = `/api/v1/organizations/${ORG}/reports/rep2/content`
    let downloads = 0
    let steppedUp = false
    const clicked: string[] = []
    const originalClick = HTMLAnchorElement.prototype.click
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this.download)
    }
    URL.createObjectURL = () => 'blob:report'
    URL.revokeObjectURL = () => undefined
    mockApi((request, url) => {
      if (url.pathname === '/api/v1/auth/session')
        return json({ csrf_token: 't', current_organization_id: ORG, expires_at: '2030-01-01T00:00:00Z', remember_me: false, user: { id: 'u', email: 'me@example.org', email_verified: true, first_name: 'Mia', last_name: 'Ng', time_zone: 'Australia/Sydney', mfa_enabled: false, created_at: '2025-01-01T00:00:00Z' }, memberships: [membership('owner')] })
      if (url.pathname === `/api/v1/organizations/${ORG}/reports`) return json({ items: [auditReport], total: 1, limit: 20, offset: 0 })
      if (url.pathname === content) {
        downloads += 1
        return steppedUp
          ? new Response('seq,created_at\n', { status: 200, headers: { 'Content-Type': 'text/csv' } })
          : json({ type: 'urn:vigil:problem:step-up-required', title: 'Forbidden', status: 403, code: 'step-up-required', detail: 'Confirm it is you first.' }, 403)
      }
      if (url.pathname === '/api/v1/auth/step-up/options') return json({ proof: 'password', minutes: 10 })
      if (url.pathname === '/api/v1/auth/step-up' && request.method === 'POST') {
        steppedUp = true
        return json({ auth_method: 'password', authenticated_at: '2026-03-01T00:00:00Z' })
      }
      return undefined
    })
    try {
      const page = await renderRoutes(routes, `/organizations/${ORG}/reports`)
      await waitUntil(() => expect(buttons('Download audit-log-2026-03-01.csv')).toHaveLength(1))
      const button = buttons('Download audit-log-2026-03-01.csv')[0]
      expect(button?.getAttribute('href')).toBeNull()
      await click(button)
      await see('To continue, confirm it is you. Enter your password.')
      await typeInto(input('Your password')[0], 'correct horse battery staple')
      await click(buttons('Confirm')[0])
      await waitUntil(() => expect(clicked).toEqual(['audit-log-2026-03-01.csv']))
      expect(downloads).toBe(2)
      expect(calls).toContain('POST /api/v1/auth/step-up')
      page.unmount()
    } finally {
      HTMLAnchorElement.prototype.click = originalClick
    }
  })
})
