// API clients: create with scopes, the secret shown once, revoke, last used.
import { apiClientRoutes } from './routes'
import { buttons, calls, click, installDomShims, json, membership, mockApi, pageText, renderRoutes, see, waitUntil } from '@/lib/test-harness'
import type { Role } from '@/lib/session'

const ORG = '11111111-1111-4111-8111-111111111111'
const routes = [{ path: 'organizations/:orgId', children: apiClientRoutes }]
const engine = { id: 'c1', name: 'Compliance engine', client_id: 'vgl_abc', scopes: ['documents:read', 'compliance-results:write'], created_at: '2026-02-01T00:00:00Z', last_used_at: null, revoked_at: null }

function api(role: Role) {
  let clients: unknown[] = [engine]
  const bodies: unknown[] = []
  mockApi(async (request, url) => {
    if (url.pathname === '/api/v1/auth/session')
      return json({ csrf_token: 't', current_organization_id: ORG, expires_at: '2030-01-01T00:00:00Z', remember_me: false, user: { id: 'u', email: 'me@example.org', email_verified: true, first_name: 'Mia', last_name: 'Ng', time_zone: 'Australia/Sydney', mfa_enabled: false, created_at: '2025-01-01T00:00:00Z' }, memberships: [membership(role)] })
    if (url.pathname === `/api/v1/organizations/${ORG}/api-clients` && request.method === 'POST') {
      bodies.push(await request.json())
      const created = { ...engine, id: 'c2', name: 'Engine 2', client_id: 'vgl_new', client_secret: 'shh-secret-once' }
      clients = [{ ...created, client_secret: null }, ...clients]
      return json(created, 201)
    }
    if (url.pathname === `/api/v1/organizations/${ORG}/api-clients/c1` && request.method === 'DELETE') {
      clients = clients.map((c) => ((c as { id: string }).id === 'c1' ? { ...engine, revoked_at: '2026-03-01T00:00:00Z' } : c))
      return new Response(null, { status: 204 })
    }
    if (url.pathname === `/api/v1/organizations/${ORG}/api-clients`) return json(clients)
    return undefined
  })
  return bodies
}

beforeAll(installDomShims)

describe('API clients page', { timeout: 30_000 }, () => {
  it('creates a client, shows its secret once, and revokes another', async () => {
    const bodies = api('admin')
    const page = await renderRoutes(routes, `/organizations/${ORG}/api-clients`)
    await see('vgl_abc')
    await see('Never used')
    expect(document.querySelector('a[href="/docs/"]')).not.toBeNull()

    await click(buttons('Create API client')[0])
    await see('Create client')
    const name = document.querySelector<HTMLInputElement>('input[value="Compliance engine"]')
    if (!name) throw new Error('no name field')
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(name, 'Engine 2')
    name.dispatchEvent(new Event('input', { bubbles: true }))
    await click(buttons('Create client')[0])
    await see('shh-secret-once')
    expect(bodies).toEqual([{ name: 'Engine 2', scopes: ['documents:read', 'compliance-results:read', 'compliance-results:write'] }])
    await click(buttons('I have stored the secret')[0])
    await waitUntil(() => expect(pageText()).not.toContain('shh-secret-once'))
    await see('vgl_new')

    await click(buttons('Revoke Compliance engine')[0])
    await see('Revoke API client?')
    await click(buttons('Revoke client')[0])
    await waitUntil(() => expect(calls).toContain(`DELETE /api/v1/organizations/${ORG}/api-clients/c1`))
    await see('Revoked')
    page.unmount()
  })

  it('tells members this page is for owners and administrators, without asking the API', async () => {
    api('member')
    const page = await renderRoutes(routes, `/organizations/${ORG}/api-clients`)
    await see('Only owners and administrators manage API clients.')
    expect(calls.some((c) => c.includes('/api-clients'))).toBe(false)
    page.unmount()
  })
})
