// The document page's compliance results: record (members), edit (only what changed), the
// server's field errors on their fields, and what viewers see.
import { documentRoutes } from './routes'
import {
  buttons,
  calls,
  click,
  installDomShims,
  json,
  membership,
  mockApi,
  problem,
  renderRoutes,
  see,
  waitUntil,
} from '@/lib/test-harness'
import type { Role } from '@/lib/session'

const ORG = '11111111-1111-4111-8111-111111111111'
const ME = '22222222-2222-4222-8222-222222222222'
const DOC = '44444444-4444-4444-8444-444444444444'
const routes = [{ path: 'organizations/:orgId', children: documentRoutes }]

const doc = { id: DOC, name: 'Infection control policy.pdf', kind: 'pdf', content_type: 'application/pdf', size_bytes: 1234, sha256: 'ab'.repeat(32), created_at: '2026-01-02T03:04:05Z', uploaded_by_user: ME }
const result = {
  id: 'r1',
  document_id: DOC,
  document_name: doc.name,
  standard: 'NSQHS-3',
  standard_name: 'NSQHS Standard 3 — Preventing and Controlling Infections',
  status: 'non_compliant',
  score: 40,
  findings: [],
  requirement: '3.10 Hand hygiene',
  notes: 'Sinks need soap.',
  reviewer_id: ME,
  review_due_on: '2026-01-10',
  overdue: true,
  created_by_user: null,
  created_by_client: 'c1',
  created_at: '2026-01-03T00:00:00Z',
  updated_at: null,
}

let bodies: { method: string; path: string; body: unknown }[] = []

function api(role: Role, results: unknown[], answer?: (method: string) => Response | undefined) {
  bodies = []
  mockApi(async (request, url) => {
    const p = url.pathname
    if (request.method !== 'GET') bodies.push({ method: request.method, path: p, body: await request.clone().json() })
    if (p === '/api/v1/auth/session')
      return json({ csrf_token: 't', current_organization_id: ORG, expires_at: '2030-01-01T00:00:00Z', remember_me: false, user: { id: ME, email: 'me@example.org', email_verified: true, first_name: 'Mia', last_name: 'Ng', time_zone: 'Australia/Sydney', mfa_enabled: false, created_at: '2025-01-01T00:00:00Z' }, memberships: [membership(role)] })
    if (p === `/api/v1/organizations/${ORG}/documents/${DOC}`) return json(doc)
    if (p === `/api/v1/organizations/${ORG}/documents/${DOC}/compliance-results` && request.method === 'GET')
      return json({ items: results, total: results.length, limit: 10, offset: 0 })
    if (p === `/api/v1/organizations/${ORG}/compliance-standards`)
      return json({ items: [{ code: 'NSQHS-3', framework: 'NSQHS', name: result.standard_name }] })
    if (p === `/api/v1/organizations/${ORG}/members`)
      return json({ items: [{ user_id: ME, email: 'me@example.org', first_name: 'Mia', last_name: 'Ng', role, joined_at: '2025-01-01T00:00:00Z', access_expired: false }], total: 1, limit: 100, offset: 0 })
    if (request.method !== 'GET') return answer?.(request.method)
    return undefined
  })
}

function textarea(label: string): HTMLTextAreaElement {
  const l = Array.from(document.querySelectorAll('label')).find((el) => el.textContent?.trim() === label)
  const el = l?.htmlFor ? document.getElementById(l.htmlFor) : null
  if (!(el instanceof HTMLTextAreaElement)) throw new Error(`no textarea ${label}`)
  return el
}

async function typeText(el: HTMLTextAreaElement | HTMLInputElement, value: string) {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value)
  el.dispatchEvent(new Event('input', { bubbles: true }))
  await new Promise((resolve) => setTimeout(resolve, 0))
}

function dateInput(label: string): HTMLInputElement {
  const l = Array.from(document.querySelectorAll('label')).find((el) => el.textContent?.replace(/\s+/g, ' ').trim() === label)
  const el = l?.htmlFor ? document.getElementById(l.htmlFor) : null
  if (!(el instanceof HTMLInputElement)) throw new Error(`no input ${label}`)
  return el
}

beforeAll(installDomShims)

describe('compliance results on a document', { timeout: 20_000 }, () => {
  it('shows a result in full, with who recorded it and that its review is overdue', async () => {
    api('viewer', [result])
    const page = await renderRoutes(routes, `/organizations/${ORG}/documents/${DOC}`)
    await see('NSQHS Standard 3 — Preventing and Controlling Infections')
    await see('Overdue')
    await see('3.10 Hand hygiene')
    await see('Mia Ng')
    await see('the compliance engine (API client)')
    await see('Sinks need soap.')
    // Viewers read; they cannot record or edit.
    expect(buttons('Record a result')).toHaveLength(0)
    expect(document.body.textContent).not.toContain('Edit')
    page.unmount()
  })

  it('says honestly how results arrive when there are none', async () => {
    api('viewer', [])
    let page = await renderRoutes(routes, `/organizations/${ORG}/documents/${DOC}`)
    await see('when staff record them after a review, or when the compliance engine posts them through the API')
    expect(document.body.textContent).not.toContain('in a little while')
    page.unmount()
    api('member', [])
    page = await renderRoutes(routes, `/organizations/${ORG}/documents/${DOC}`)
    await see('Record one after you review this document')
    await waitUntil(() => expect(buttons('Record a result')).toHaveLength(1))
    page.unmount()
  })

  it('edits only what changed and shows the server’s field errors on their fields', async () => {
    let refuse = true
    api('member', [result], (method) => {
      if (method !== 'PATCH') return undefined
      if (refuse) {
        refuse = false
        return json({ type: 'x', title: 'Validation failed', status: 422, code: 'validation-failed', detail: 'review_due_on: Choose a review date between 2000 and 2036.', errors: { review_due_on: ['Choose a review date between 2000 and 2036.'] } }, 422)
      }
      return json({ ...result, notes: 'Soap restocked.', review_due_on: '2026-06-30', overdue: false })
    })
    const page = await renderRoutes(routes, `/organizations/${ORG}/documents/${DOC}`)
    await see('Sinks need soap.')
    await click(buttons('Edit result for NSQHS Standard 3 — Preventing and Controlling Infections')[0])
    await see('Edit compliance result')
    await typeText(textarea('Notes'), 'Soap restocked.')
    await typeText(dateInput('Review due'), '2026-06-30')
    await click(buttons('Save changes')[0])
    await see('Choose a review date between 2000 and 2036.')
    expect(bodies.at(-1)).toEqual({
      method: 'PATCH',
      path: `/api/v1/organizations/${ORG}/compliance-results/r1`,
      body: { notes: 'Soap restocked.', review_due_on: '2026-06-30' },
    })
    await click(buttons('Save changes')[0])
    await see('The compliance result was saved.')
    expect(calls.filter((c) => c.startsWith('PATCH'))).toHaveLength(2)
    page.unmount()
  })

  it('records a new result with the standard chosen by name', async () => {
    api('member', [], (method) => (method === 'POST' ? json(result, 201) : problem(405, 'method-not-allowed')))
    const page = await renderRoutes(routes, `/organizations/${ORG}/documents/${DOC}`)
    await waitUntil(() => expect(buttons('Record a result')).toHaveLength(1))
    await click(buttons('Record a result')[0])
    await see('Record a compliance result')
    // Required standard: caught before anything is sent.
    await click(buttons('Record result')[0])
    await see('Choose the standard this result is for.')
    expect(bodies).toHaveLength(0)
    // Pick the standard by its plain-English name, as a person would.
    await click(dateInput('Standard *') ?? undefined)
    await see('NSQHS Standard 3 — Preventing and Controlling Infections')
    const option = Array.from(document.querySelectorAll<HTMLElement>('[role="option"]')).find((o) =>
      o.textContent?.includes('Preventing and Controlling Infections'),
    )
    await click(option)
    await typeText(dateInput('Requirement'), ' 3.10 Hand hygiene ')
    await typeText(textarea('Notes'), 'Checked on the ward round.')
    await typeText(dateInput('Review due'), '2026-09-30')
    await click(buttons('Record result')[0])
    await see('The compliance result was added to this document.')
    expect(bodies).toEqual([
      {
        method: 'POST',
        path: `/api/v1/organizations/${ORG}/documents/${DOC}/compliance-results`,
        body: {
          standard: 'NSQHS-3',
          status: 'not_assessed',
          score: null,
          requirement: '3.10 Hand hygiene',
          notes: 'Checked on the ward round.',
          reviewer_id: null,
          review_due_on: '2026-09-30',
          findings: [],
        },
      },
    ])
    page.unmount()
  })
})
