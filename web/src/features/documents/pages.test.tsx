// Renders the documents pages against a mocked API: list, upload, delete, detail, viewer rules.
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

import { documentRoutes } from './routes'
import { cards, membership, pretendPhone } from '@/lib/test-harness'
import type { Role } from '@/lib/session'

const ORG = '11111111-1111-1111-1111-111111111111'
const ME = '22222222-2222-2222-2222-222222222222'
const DOC = '44444444-4444-4444-4444-444444444444'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}
function problem(status: number, code: string, detail: string, errors?: Record<string, string[]>) {
  return new Response(JSON.stringify({ type: 'x', title: 'Problem', status, code, detail, errors }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  })
}

function session(role: string) {
  return {
    csrf_token: 't',
    current_organization_id: ORG,
    expires_at: '2030-01-01T00:00:00Z',
    remember_me: false,
    user: { id: ME, email: 'me@example.org', email_verified: true, first_name: 'Mia', last_name: 'Owner', time_zone: 'Australia/Sydney', mfa_enabled: false, created_at: '2025-01-01T00:00:00Z' },
    memberships: [membership(role as Role, { organization_id: ORG, slug: 'hv' })],
  }
}
const SAM = '33333333-3333-3333-3333-333333333333'
const OTHER_DOC = '55555555-5555-5555-5555-555555555555'
const doc = { id: DOC, name: 'Infection control policy.pdf', kind: 'pdf', content_type: 'application/pdf', size_bytes: 123456, sha256: 'ab'.repeat(32), created_at: '2026-01-02T03:04:05Z', uploaded_by_user: ME }
const samsDoc = { ...doc, id: OTHER_DOC, name: 'Hand hygiene audit.csv', kind: 'csv', content_type: 'text/csv', uploaded_by_user: SAM }

function api(role: string): Handler {
  return (req, url) => {
    const p = url.pathname
    if (p === '/api/v1/auth/session') return json(session(role))
    if (p === `/api/v1/organizations/${ORG}/documents` && req.method === 'GET')
      return json({ items: url.searchParams.get('q') === 'zzz' ? [] : [doc, samsDoc], total: url.searchParams.get('q') === 'zzz' ? 0 : 2, limit: 25, offset: 0 })
    if (p === `/api/v1/organizations/${ORG}/documents/${DOC}` && req.method === 'GET') return json(doc)
    if (p === `/api/v1/organizations/${ORG}/documents/${OTHER_DOC}` && req.method === 'GET') return json(samsDoc)
    if (p === `/api/v1/organizations/${ORG}/documents/${OTHER_DOC}` && req.method === 'DELETE')
      return problem(403, 'not-your-document', 'Members can delete only the documents they uploaded.')
    if (p === `/api/v1/organizations/${ORG}/documents/${DOC}` && req.method === 'DELETE') return new Response(null, { status: 204 })
    if (p.endsWith('/compliance-results') && p.startsWith(`/api/v1/organizations/${ORG}/documents/`))
      return json({ items: [{ id: 'r1', document_id: DOC, standard: 'NSQHS 3', status: 'partially_compliant', score: 72.5, created_at: '2026-01-03T00:00:00Z', findings: [{ requirement: '3.1 Governance', status: 'compliant', evidence: 'Signed policy', recommendation: null }] }], total: 1, limit: 10, offset: 0 })
    if (p === `/api/v1/organizations/${ORG}/members`)
      return json({ items: [{ user_id: SAM, email: 's@x.org', first_name: 'Sam', last_name: 'Lee', role: 'member', joined_at: '2025-01-01T00:00:00Z', access_expired: false }], total: 1, limit: 100, offset: 0 })
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
      { path: '/organizations/:orgId', children: documentRoutes },
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
async function click(name: string) {
  await act(async () => button(name).click())
}

afterEach(() => {
  document.body.innerHTML = ''
  state.calls.length = 0
  state.bodies.length = 0
})

class FakeXhr {
  static last: FakeXhr | null = null
  status = 0
  responseText = ''
  withCredentials = false
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  ontimeout: (() => void) | null = null
  onabort: (() => void) | null = null
  constructor() {
    FakeXhr.last = this
  }
  open() {}
  setRequestHeader() {}
  send() {}
  abort() {}
}

describe('documents pages', { timeout: 20_000 }, () => {
  it('lists, uploads and deletes', async () => {
    state.handler = api('member')
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
    const page = await render(`/organizations/${ORG}/documents`)
    await see('Infection control policy.pdf')
    await see('Sam Lee')
    expect(document.querySelector(`a[href="/api/v1/organizations/${ORG}/documents/${DOC}/content"]`)?.hasAttribute('download')).toBe(true)
    expect(document.querySelector('fieldset[aria-label="Upload documents"]')).not.toBeNull()

    // Upload a file through the labelled input
    const fileInput = field('Document file')
    const file = new File(['%PDF-1.4'], 'new.pdf', { type: 'application/pdf' })
    await act(async () => {
      Object.defineProperty(fileInput, 'files', { value: [file], configurable: true })
      fileInput.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await vi.waitFor(() => expect(FakeXhr.last).not.toBeNull())
    await act(async () => {
      FakeXhr.last?.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 } as ProgressEvent)
    })
    await see('Uploading… 50%')
    await act(async () => {
      const x = FakeXhr.last
      if (!x) return
      x.status = 422
      x.responseText = JSON.stringify({ type: 'x', title: 'Validation failed', status: 422, code: 'malware-detected', detail: 'The malware scanner found a threat in this file.' })
      x.onload?.()
    })
    await see('Not uploaded: The malware scanner found a threat in this file.')

    // Wrong type: refused by the server
    FakeXhr.last = null
    await act(async () => {
      Object.defineProperty(fileInput, 'files', { value: [new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' })], configurable: true })
      fileInput.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await vi.waitFor(() => expect(FakeXhr.last).not.toBeNull())
    await act(async () => {
      const x = FakeXhr.last
      if (!x) return
      x.status = 422
      x.responseText = JSON.stringify({ type: 'x', title: 'Validation failed', status: 422, code: 'unsupported-document-type', detail: 'Upload a PDF, Word (.docx), Excel (.xlsx), CSV, text, PNG or JPEG file.' })
      x.onload?.()
    })
    await see('Not uploaded: Upload a PDF')

    // Delete
    await click('Delete')
    await see('Delete document?')
    await click('Delete document')
    await vi.waitFor(() => expect(state.calls).toContain(`DELETE /api/v1/organizations/${ORG}/documents/${DOC}`))
    await page.unmount()
    vi.unstubAllGlobals()
  })

  it('hides upload and delete from viewers, and shows the detail page', async () => {
    state.handler = api('viewer')
    const page = await render(`/organizations/${ORG}/documents/${DOC}`)
    await see('NSQHS 3')
    await see('Partially compliant')
    await see('72.5 / 100')
    await see('Signed policy')
    expect(text()).toContain('ab'.repeat(32))
    expect(Array.from(document.querySelectorAll('button')).some((b) => b.textContent === 'Delete')).toBe(false)
    await page.unmount()
    const list = await render(`/organizations/${ORG}/documents?q=zzz`)
    await see('No documents match')
    expect(document.querySelector('fieldset[aria-label="Upload documents"]')).toBeNull()
    await list.unmount()
  })

  it('lets members delete only their own uploads, and administrators any document', async () => {
    const deleteButtons = () => Array.from(document.querySelectorAll('button')).filter((b) => b.textContent === 'Delete')
    state.handler = api('member')
    let page = await render(`/organizations/${ORG}/documents`)
    await see('Hand hygiene audit.csv')
    // One row is the member's own upload: only that one offers Delete.
    await vi.waitFor(() => expect(deleteButtons()).toHaveLength(1))
    await page.unmount()

    page = await render(`/organizations/${ORG}/documents/${DOC}`)
    await see('Infection control policy.pdf')
    await vi.waitFor(() => expect(deleteButtons()).toHaveLength(1))
    // Same session, someone else's document: no Delete.
    await act(async () => page.router.navigate(`/organizations/${ORG}/documents/${OTHER_DOC}`))
    await see('Sam Lee')
    expect(text()).toContain('Hand hygiene audit.csv')
    expect(deleteButtons()).toHaveLength(0)
    await page.unmount()

    // Administrators (documents.delete_any) may delete everyone's; the server still decides.
    state.handler = api('admin')
    page = await render(`/organizations/${ORG}/documents`)
    await see('Hand hygiene audit.csv')
    await vi.waitFor(() => expect(deleteButtons()).toHaveLength(2))
    await act(async () => deleteButtons()[1]?.click())
    await see('Delete document?')
    await click('Delete document')
    await see('Members can delete only the documents they uploaded.')
    expect(state.calls).toContain(`DELETE /api/v1/organizations/${ORG}/documents/${OTHER_DOC}`)
    await page.unmount()
  })

  it('shows documents as cards on a phone, with download and delete in reach', async () => {
    const desktop = pretendPhone()
    try {
      state.handler = api('member')
      const page = await render(`/organizations/${ORG}/documents`)
      await see('Hand hygiene audit.csv')
      expect(document.querySelector('table')).toBeNull()
      const list = cards('Documents')
      expect(list.map((li) => li.getAttribute('aria-label'))).toEqual(['Infection control policy.pdf', 'Hand hygiene audit.csv'])
      const own = list[0]
      expect(own?.textContent).toContain('Uploaded by')
      expect(own?.querySelector(`a[href$="/documents/${DOC}/content"]`)).not.toBeNull()
      // The member's own upload offers Delete; Sam's does not.
      expect(Array.from(own?.querySelectorAll('button') ?? []).map((b) => b.textContent)).toContain('Delete')
      expect(Array.from(list[1]?.querySelectorAll('button') ?? []).map((b) => b.textContent)).not.toContain('Delete')
      await page.unmount()
    } finally {
      desktop()
    }
  })

  it('points to the security settings when the organisation requires two-step verification', async () => {
    const base = api('member')
    state.handler = (req, url) =>
      url.pathname === `/api/v1/organizations/${ORG}/documents`
        ? problem(403, 'mfa-enrolment-required', 'This organisation requires two-step verification.')
        : base(req, url)
    const page = await render(`/organizations/${ORG}/documents`)
    await see('This organisation requires two-step verification.')
    const link = document.querySelector('a[href^="/account/security"]')
    expect(link?.textContent).toBe('Open my security settings')
    // The security page offers the way back here.
    expect(link?.getAttribute('href')).toBe(`/account/security?back=${encodeURIComponent(`/organizations/${ORG}/documents`)}`)
    await page.unmount()
  })
})
