// The security policy tab against a mocked API: requiring passkeys (and the 409 when the person
// saving has none), and the step-up the API asks for before saving, done in place: the dialog
// asks for the proof, then the same PUT is sent again; cancelling leaves the form as it was.
import { organizationRoutes } from './routes'
import { buttons, calls, click, input, installDomShims, json, mockApi, pageText, renderRoutes, see, sessionOf, typeInto, waitUntil } from '@/lib/test-harness'

const ORG = '11111111-1111-4111-8111-111111111111'
const routes = [{ path: 'organizations/:orgId', children: organizationRoutes }]
const POLICY_PATH = `/api/v1/organizations/${ORG}/security-policy`
const POLICY = { require_mfa: false, require_passkey: 'off', session_idle_minutes: null, allowed_email_domains: [] }

function problem(status: number, code: string, detail: string, errors?: Record<string, string[]>): Response {
  return json({ type: `urn:vigil:problem:${code}`, title: 'Problem', status, code, detail, errors }, status)
}

interface Api {
  bodies: Record<string, unknown[]>
  /** Answers of PUT security-policy, in turn (then the body saved). */
  putAnswers: (() => Response)[]
  stepUpAnswers: (() => Response)[]
  proof: 'password' | 'password_and_code'
}

function serve(state: Api) {
  mockApi(async (request, url) => {
    const key = `${request.method} ${url.pathname}`
    if (request.method !== 'GET') (state.bodies[key] ??= []).push(await request.clone().json().catch(() => null))
    if (url.pathname === '/api/v1/auth/session') return json(sessionOf('owner'))
    if (url.pathname === `/api/v1/organizations/${ORG}`)
      return json({
        id: ORG, name: 'Harbour View', slug: 'harbour-view', address: {}, branding_warnings: [], allowed_email_domains: [],
        created_at: '2025-01-01T00:00:00Z',
      })
    if (key === `GET ${POLICY_PATH}`) return json(POLICY)
    if (key === `PUT ${POLICY_PATH}`) return state.putAnswers.shift()?.() ?? json(state.bodies[key]?.at(-1))
    if (key === 'POST /api/v1/auth/step-up/options') return json({ proof: state.proof, minutes: 10 })
    if (key === 'POST /api/v1/auth/step-up')
      return state.stepUpAnswers.shift()?.() ?? json({ auth_method: 'password_totp', authenticated_at: '2026-03-01T00:00:00Z' })
    return undefined
  })
}

const stepUpRequired = () =>
  problem(403, 'step-up-required', 'Confirm it is you first: this needs a sign-in from the last 10 minutes with your password.')

function fresh(overrides: Partial<Api> = {}): Api {
  return { bodies: {}, putAnswers: [], stepUpAnswers: [], proof: 'password', ...overrides }
}

function radio(label: string): HTMLInputElement {
  const found = input(label).find((el) => el.type === 'radio')
  if (!found) throw new Error(`no radio "${label}"; the page says ${pageText().slice(0, 300)}`)
  return found
}

function dialog(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[role="dialog"]')
}

async function openPolicy() {
  const page = await renderRoutes(routes, `/organizations/${ORG}/settings?tab=security`)
  await see('Require a passkey')
  return page
}

beforeAll(installDomShims)

describe('security policy', { timeout: 30_000 }, () => {
  it('requires passkeys for everyone, confirming with the password when the API asks, then saves', async () => {
    const state = fresh({ putAnswers: [stepUpRequired] })
    serve(state)
    const page = await openPolicy()
    expect(radio('Not required').checked).toBe(true)
    await see('Essential Eight')

    await click(radio('Everyone'))
    await click(buttons('Save security policy')[0])
    // The API asks for a step-up: the dialog asks for the password, in place.
    await see('Confirm it is you')
    await see('To continue, confirm it is you. Enter your password.')
    await click(buttons('Confirm')[0])
    await see('Enter your password.')
    await typeInto(input('Your password')[0], 'wrong one')
    state.stepUpAnswers.push(() =>
      problem(422, 'wrong-password', 'That password is not right.', { password: ['That password is not right.'] }),
    )
    await click(buttons('Confirm')[0])
    await see('That password is not right.')
    await typeInto(input('Your password')[0], 'correct horse battery staple')
    await click(buttons('Confirm')[0])

    // Confirmed: the same PUT goes again, and saves.
    await see('Security policy saved')
    await waitUntil(() => expect(dialog()).toBeNull())
    expect(state.bodies[`PUT ${POLICY_PATH}`]).toEqual([
      { ...POLICY, require_passkey: 'everyone' },
      { ...POLICY, require_passkey: 'everyone' },
    ])
    expect(state.bodies['POST /api/v1/auth/step-up']).toEqual([
      { password: 'wrong one' },
      { password: 'correct horse battery staple' },
    ])
    expect(calls.filter((c) => c === 'POST /api/v1/auth/step-up/options')).toHaveLength(1)
    expect(pageText()).not.toContain('was not saved')
    page.unmount()
  })

  it('asks for the password and an app code (or a recovery code) when the person has one', async () => {
    const state = fresh({ proof: 'password_and_code', putAnswers: [stepUpRequired] })
    serve(state)
    const page = await openPolicy()
    await click(radio('Owners and administrators'))
    await click(buttons('Save security policy')[0])
    await see('Enter your password and the 6-digit code from your authenticator app')
    await typeInto(input('Your password')[0], 'pw')
    await typeInto(input('Authentication code')[0], '12')
    await click(buttons('Confirm')[0])
    await see('Enter the 6-digit code from your app.')
    await click(buttons('Use a recovery code instead')[0])
    await typeInto(input('Recovery code')[0], ' k7vq-m2xp-9tdr ')
    await click(buttons('Confirm')[0])
    await see('Security policy saved')
    expect(state.bodies['POST /api/v1/auth/step-up']).toEqual([{ password: 'pw', recovery_code: 'k7vq-m2xp-9tdr' }])
    expect(state.bodies[`PUT ${POLICY_PATH}`]).toHaveLength(2)
    page.unmount()
  })

  it('leaves the form as it was, with a clear message, when the step-up is cancelled', async () => {
    const state = fresh({ putAnswers: [stepUpRequired] })
    serve(state)
    const page = await openPolicy()
    await click(radio('Everyone'))
    await click(buttons('Save security policy')[0])
    await see('Confirm it is you')
    await click(buttons('Cancel', dialog() ?? document)[0])
    await see('The security policy was not saved')
    await see('Nothing was changed: this needs you to confirm it is you first.')
    expect(radio('Everyone').checked).toBe(true)
    expect(state.bodies[`PUT ${POLICY_PATH}`]).toHaveLength(1)
    expect(state.bodies['POST /api/v1/auth/step-up']).toBeUndefined()
    page.unmount()
  })

  it('says to add a passkey first when the person saving has none (409)', async () => {
    const state = fresh({
      putAnswers: [
        () =>
          problem(409, 'passkey-required-for-you-first', 'Add a passkey to your own account before requiring them.'),
      ],
    })
    serve(state)
    const page = await openPolicy()
    await click(radio('Everyone'))
    await click(buttons('Save security policy')[0])
    await see('Add a passkey to your own account before requiring them.')
    const link = buttons('Add a passkey to your account')[0]
    expect(link?.getAttribute('href')).toBe('/account/security')
    expect(dialog()).toBeNull()
    page.unmount()
  })
})
