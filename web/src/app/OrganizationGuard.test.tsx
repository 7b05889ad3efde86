// An organisation whose security policy the person's sign-in does not meet yet: one page says
// what to do (add a passkey, or confirm with it in place), against a mocked API and a mocked
// browser ceremony (@simplewebauthn/browser). Confirming runs the step-up dialog with a passkey.
import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { useOrgId } from '@/lib/session'
import { buttons, calls, click, installDomShims, json, mockApi, pageText, renderRoutes, see, sessionOf, waitUntil } from '@/lib/test-harness'
import { OrganizationGuard } from './OrganizationGuard'

const webauthn = vi.hoisted(() => ({ startAuthentication: vi.fn() }))
vi.mock('@simplewebauthn/browser', () => ({
  browserSupportsWebAuthn: () => true,
  browserSupportsWebAuthnAutofill: () => Promise.resolve(false),
  startRegistration: vi.fn(),
  startAuthentication: webauthn.startAuthentication,
  WebAuthnAbortService: { cancelCeremony: vi.fn() },
}))

const ORG = '11111111-1111-4111-8111-111111111111'
const REQUEST_OPTIONS = { publicKey: { challenge: 'Y2hhbGxlbmdl', rpId: 'localhost', allowCredentials: [], userVerification: 'required' } }
const ASSERTION = {
  id: 'Y3JlZA',
  rawId: 'Y3JlZA',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'YXV0aA', signature: 'c2ln', userHandle: 'dXNlcg' },
  clientExtensionResults: {},
}

function Page() {
  const orgId = useOrgId()
  const org = useQuery({
    queryKey: ['organizations', orgId, 'detail'],
    queryFn: () => unwrap(api.GET('/api/v1/organizations/{org_id}', { params: { path: { org_id: orgId } } })),
  })
  return <div>{org.data ? `Welcome to ${org.data.name}` : org.error ? 'Failed' : 'Loading'}</div>
}

const routes = [{ path: 'organizations/:orgId', element: <OrganizationGuard />, children: [{ index: true, element: <Page /> }] }]

function problem(status: number, code: string, detail: string): Response {
  return json({ type: `urn:vigil:problem:${code}`, title: 'Problem', status, code, detail }, status)
}

function notAllowed(): Error {
  return Object.assign(new Error('The operation either timed out or was not allowed.'), {
    name: 'NotAllowedError',
    code: 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY',
  })
}

interface Api {
  /** What the organisation answers until the person has stepped up. */
  refusal: () => Response
  steppedUp: boolean
  bodies: unknown[]
  stepUpAnswers: (() => Response)[]
}

function serve(state: Api) {
  mockApi(async (request, url) => {
    const key = `${request.method} ${url.pathname}`
    if (key === 'GET /api/v1/auth/session') return json(sessionOf('member'))
    if (key === `GET /api/v1/organizations/${ORG}`)
      return state.steppedUp ? json({ id: ORG, name: 'Harbour View' }) : state.refusal()
    if (key === 'POST /api/v1/auth/step-up/options')
      return json({
        proof: 'passkey',
        minutes: 10,
        ceremony_token: `ceremony-${calls.filter((c) => c === key).length}`,
        expires_at: '2030-01-01T00:00:00Z',
        passkey: REQUEST_OPTIONS,
      })
    if (key === 'POST /api/v1/auth/step-up') {
      state.bodies.push(await request.clone().json())
      const answer = state.stepUpAnswers.shift()
      if (answer) return answer()
      state.steppedUp = true
      return json({ auth_method: 'password_passkey', authenticated_at: '2026-03-01T00:00:00Z' })
    }
    return undefined
  })
}

/** Waits until the button `name` can be pressed (not busy). */
async function usable(name: string): Promise<void> {
  await waitUntil(() => {
    const button = buttons(name)[0]
    expect(button?.hasAttribute('disabled') || button?.hasAttribute('data-loading')).toBe(false)
  })
}

const stepUpRefusal = () =>
  problem(403, 'passkey-step-up-required', 'This organisation requires a sign-in with your passkey. Confirm with your passkey, then try again.')

beforeAll(installDomShims)
beforeEach(() => webauthn.startAuthentication.mockReset())

describe('an organisation that requires passkeys', { timeout: 30_000 }, () => {
  it('asks a person signed in another way to confirm with their passkey, in place, then opens the page', async () => {
    const state: Api = { refusal: stepUpRefusal, steppedUp: false, bodies: [], stepUpAnswers: [] }
    serve(state)
    const page = await renderRoutes(routes, `/organizations/${ORG}`)
    await see('One more step to open Harbour View')
    await see('This organisation requires a sign-in with your passkey.')

    // The browser's dialog closed: nothing is sent, the dialog stays for another try.
    webauthn.startAuthentication.mockRejectedValueOnce(notAllowed())
    await click(buttons('Confirm with your passkey')[0])
    await see('Confirm it is you')
    await see('Confirm with your passkey: your browser asks')
    await click(buttons('Use your passkey')[0])
    await waitUntil(() => expect(webauthn.startAuthentication).toHaveBeenCalledTimes(1))
    await usable('Use your passkey')
    expect(state.bodies).toEqual([])

    // The API refuses the passkey: the reason shows, and the next try gets a new challenge.
    state.stepUpAnswers.push(() => problem(422, 'passkey-refused', 'That passkey was not accepted.'))
    webauthn.startAuthentication.mockResolvedValue(ASSERTION)
    await click(buttons('Use your passkey')[0])
    await see('Vigil could not accept that passkey.')
    await waitUntil(() => expect(calls.filter((c) => c === 'POST /api/v1/auth/step-up/options')).toHaveLength(2))
    await usable('Use your passkey')

    await click(buttons('Use your passkey')[0])
    await see('Welcome to Harbour View')
    expect(state.bodies).toEqual([
      { ceremony_token: 'ceremony-1', passkey: ASSERTION },
      { ceremony_token: 'ceremony-2', passkey: ASSERTION },
    ])
    expect(webauthn.startAuthentication.mock.calls[0]?.[0]).toMatchObject({ optionsJSON: REQUEST_OPTIONS.publicKey })
    await waitUntil(() => expect(document.querySelector('[role="dialog"]')).toBeNull())
    page.unmount()
  })

  it('says so when the person cancels, and stays closed', async () => {
    const state: Api = { refusal: stepUpRefusal, steppedUp: false, bodies: [], stepUpAnswers: [] }
    serve(state)
    const page = await renderRoutes(routes, `/organizations/${ORG}`)
    await click(await waitUntil(() => buttons('Confirm with your passkey')[0] ?? Promise.reject(new Error('no button'))))
    await see('Use your passkey')
    await click(buttons('Cancel', document.querySelector('[role="dialog"]') ?? document)[0])
    await see('Not confirmed yet. This page stays closed until you do.')
    expect(pageText()).not.toContain('Welcome to')
    expect(state.bodies).toEqual([])
    page.unmount()
  })

  it('guides a person without a passkey to add one in their security settings', async () => {
    serve({
      refusal: () =>
        problem(403, 'passkey-enrolment-required', 'This organisation requires a passkey for your role. Add one in your security settings, then come back.'),
      steppedUp: false,
      bodies: [],
      stepUpAnswers: [],
    })
    const page = await renderRoutes(routes, `/organizations/${ORG}`)
    await see('A passkey is required')
    await see('This organisation requires a passkey for your role.')
    expect(buttons('Add a passkey')[0]?.getAttribute('href')).toBe(`/account/security?back=${encodeURIComponent(`/organizations/${ORG}`)}`)
    expect(buttons('Confirm with your passkey')).toHaveLength(0)
    page.unmount()
  })
})
