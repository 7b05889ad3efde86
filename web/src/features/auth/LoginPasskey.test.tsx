// Signing in with a passkey, against a mocked API and a mocked browser ceremony
// (@simplewebauthn/browser): as the second step after the password, on its own with the
// "Sign in with a passkey" button, and offered in the email field's autofill (conditional UI).
import { authRoutes } from './routes'
import { buttons, calls, click, input, installDomShims, json, mockApi, pageText, renderRoutes, see, sessionOf, typeInto, waitUntil } from '@/lib/test-harness'

const webauthn = vi.hoisted(() => ({
  supported: true,
  autofill: false,
  startAuthentication: vi.fn(),
  cancelCeremony: vi.fn(),
}))
vi.mock('@simplewebauthn/browser', () => ({
  browserSupportsWebAuthn: () => webauthn.supported,
  browserSupportsWebAuthnAutofill: () => Promise.resolve(webauthn.autofill),
  startRegistration: vi.fn(),
  startAuthentication: webauthn.startAuthentication,
  WebAuthnAbortService: { cancelCeremony: webauthn.cancelCeremony },
}))

const REQUEST_OPTIONS = { publicKey: { challenge: 'Y2hhbGxlbmdl', rpId: 'localhost', allowCredentials: [], userVerification: 'required' } }
const ASSERTION = {
  id: 'Y3JlZA',
  rawId: 'Y3JlZA',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'YXV0aA', signature: 'c2ln', userHandle: 'dXNlcg' },
  clientExtensionResults: {},
}

function notAllowed(): Error {
  return Object.assign(new Error('The operation either timed out or was not allowed.'), {
    name: 'NotAllowedError',
    code: 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY',
  })
}

function problem(status: number, code: string, detail: string): Response {
  return json({ type: `urn:vigil:problem:${code}`, title: 'Problem', status, code, detail }, status)
}

interface Api {
  bodies: Record<string, unknown[]>
  /** The 202 of POST /auth/login. */
  challenge?: Record<string, unknown>
  /** Answers of POST /auth/login/mfa and POST /auth/passkey, in turn (then a session). */
  mfaAnswers: (() => Response)[]
  passkeyAnswers: (() => Response)[]
}

function serve(state: Api) {
  mockApi(async (request, url) => {
    const key = `${request.method} ${url.pathname}`
    if (request.method !== 'GET') (state.bodies[key] ??= []).push(await request.clone().json().catch(() => null))
    if (key === 'GET /api/v1/auth/session') return problem(401, 'not-authenticated', 'Sign in.')
    if (key === 'POST /api/v1/auth/login')
      return state.challenge ? json(state.challenge, 202) : problem(401, 'invalid-credentials', 'Wrong.')
    if (key === 'POST /api/v1/auth/login/mfa') return state.mfaAnswers.shift()?.() ?? json(sessionOf('owner'))
    if (key === 'POST /api/v1/auth/passkey/options')
      return json({ ceremony_token: `ceremony-${state.bodies[key]?.length}`, expires_at: new Date(Date.now() + 360_000).toISOString(), options: REQUEST_OPTIONS })
    if (key === 'POST /api/v1/auth/passkey') return state.passkeyAnswers.shift()?.() ?? json(sessionOf('owner'))
    return undefined
  })
}

function fresh(challenge?: Api['challenge']): Api {
  return { bodies: {}, challenge, mfaAnswers: [], passkeyAnswers: [] }
}

async function signInWithPassword(): Promise<void> {
  await see('Forgot your password?')
  await typeInto(input('Email')[0], 'mia@example.org')
  await typeInto(input('Password')[0], 'correct horse')
  await click(buttons('Sign in')[0])
}

beforeAll(installDomShims)
beforeEach(() => {
  webauthn.supported = true
  webauthn.autofill = false
  webauthn.startAuthentication.mockReset()
  webauthn.cancelCeremony.mockReset()
})

describe('the second step with a passkey', { timeout: 30_000 }, () => {
  it('offers the passkey first, with the recovery code (and no app code) beside it', async () => {
    const state = fresh({
      mfa_required: true,
      mfa_token: 'mfa-token',
      expires_at: '2030-01-01T00:00:00Z',
      methods: ['passkey', 'recovery_code'],
      passkey: REQUEST_OPTIONS,
    })
    state.mfaAnswers.push(() => problem(401, 'passkey-refused', 'Refused.'))
    webauthn.startAuthentication.mockRejectedValueOnce(notAllowed()).mockResolvedValue(ASSERTION)
    serve(state)
    const page = await renderRoutes(authRoutes, '/login?next=%2Fdocuments')
    await signInWithPassword()
    await see('Two-step verification')
    await see('Now confirm it is you with your passkey')
    expect(input('Authentication code')).toHaveLength(0)
    expect(input('Recovery code')).toHaveLength(1)
    await waitUntil(() => expect(document.activeElement).toBe(buttons('Use your passkey')[0]))

    // Closed the browser's dialog: nothing sent, nothing said.
    await click(buttons('Use your passkey')[0])
    await waitUntil(() => expect(webauthn.startAuthentication).toHaveBeenCalledTimes(1))
    expect(webauthn.startAuthentication).toHaveBeenLastCalledWith({ optionsJSON: REQUEST_OPTIONS.publicKey, useBrowserAutofill: false })
    await waitUntil(() => expect(buttons('Use your passkey')[0]?.hasAttribute('data-loading')).toBe(false))
    expect(calls).not.toContain('POST /api/v1/auth/login/mfa')
    expect(document.querySelector('[role="alert"]')).toBeNull()

    // The server refuses the passkey: said, and another try is possible.
    await click(buttons('Use your passkey')[0])
    await see('That passkey was not accepted.')
    await click(buttons('Use your passkey')[0])
    await see('Another page')
    expect(state.bodies['POST /api/v1/auth/login/mfa']).toEqual([
      { mfa_token: 'mfa-token', passkey: ASSERTION },
      { mfa_token: 'mfa-token', passkey: ASSERTION },
    ])
    page.unmount()
  })

  it('keeps the app code beside the passkey, and sends a recovery code as one without an app', async () => {
    serve(
      fresh({
        mfa_required: true,
        mfa_token: 'mfa-token',
        expires_at: '2030-01-01T00:00:00Z',
        methods: ['totp', 'passkey', 'recovery_code'],
        passkey: REQUEST_OPTIONS,
      }),
    )
    let page = await renderRoutes(authRoutes, '/login?next=%2Fdocuments')
    await signInWithPassword()
    await see('or enter the 6-digit code from your authenticator app')
    expect(buttons('Use your passkey')).toHaveLength(1)
    expect(input('Authentication code')).toHaveLength(1)
    page.unmount()

    // No authenticator app: six digits typed are still a recovery code.
    const state = fresh({
      mfa_required: true,
      mfa_token: 'mfa-token',
      expires_at: '2030-01-01T00:00:00Z',
      methods: ['passkey', 'recovery_code'],
      passkey: REQUEST_OPTIONS,
    })
    serve(state)
    page = await renderRoutes(authRoutes, '/login?next=%2Fdocuments')
    await signInWithPassword()
    await see('Use your passkey')
    await typeInto(input('Recovery code')[0], '123456')
    await click(buttons('Verify')[0])
    await see('Another page')
    expect(state.bodies['POST /api/v1/auth/login/mfa']).toEqual([{ mfa_token: 'mfa-token', recovery_code: '123456' }])
    page.unmount()
  })
})

describe('passwordless sign-in', { timeout: 30_000 }, () => {
  it('signs in with the passkey button, remembering the person when asked', async () => {
    const state = fresh()
    state.passkeyAnswers.push(() => problem(401, 'passkey-ceremony-expired', 'Expired.'))
    webauthn.startAuthentication.mockRejectedValueOnce(notAllowed()).mockResolvedValue(ASSERTION)
    serve(state)
    const page = await renderRoutes(authRoutes, '/login?next=%2Fdocuments')
    await see('Sign in with a passkey')
    await click(document.querySelector<HTMLInputElement>('input[type="checkbox"]') ?? undefined)

    // Cancelled in the browser: quiet, and nothing is sent with it.
    await click(buttons('Sign in with a passkey')[0])
    await waitUntil(() => expect(webauthn.startAuthentication).toHaveBeenCalledTimes(1))
    await waitUntil(() => expect(buttons('Sign in with a passkey')[0]?.hasAttribute('data-loading')).toBe(false))
    expect(calls).not.toContain('POST /api/v1/auth/passkey')
    expect(document.querySelector('[role="alert"]')).toBeNull()

    await click(buttons('Sign in with a passkey')[0])
    await see('The passkey request expired before it was answered. Try again.')
    await click(buttons('Sign in with a passkey')[0])
    await see('Another page')
    expect(webauthn.startAuthentication).toHaveBeenLastCalledWith({ optionsJSON: REQUEST_OPTIONS.publicKey, useBrowserAutofill: false })
    expect(calls.filter((c) => c === 'POST /api/v1/auth/passkey/options')).toHaveLength(3)
    expect(state.bodies['POST /api/v1/auth/passkey']).toEqual([
      { ceremony_token: 'ceremony-2', credential: ASSERTION, remember_me: true },
      { ceremony_token: 'ceremony-3', credential: ASSERTION, remember_me: true },
    ])
    page.unmount()
  })

  it('offers passkeys in the email autofill, and stops when the password form is sent or the page left', async () => {
    webauthn.autofill = true
    // The conditional request waits until it is cancelled, as a browser's does.
    webauthn.startAuthentication.mockImplementation(
      () =>
        new Promise((_resolve, reject) => {
          webauthn.cancelCeremony.mockImplementationOnce(() => reject(Object.assign(new Error('Aborted'), { name: 'AbortError' })))
        }),
    )
    const state = fresh()
    serve(state)
    let page = await renderRoutes(authRoutes, '/login?next=%2Fdocuments')
    await see('Sign in with a passkey')
    expect(input('Email')[0]?.getAttribute('autocomplete')).toBe('username webauthn')
    await waitUntil(() => expect(webauthn.startAuthentication).toHaveBeenCalledWith({ optionsJSON: REQUEST_OPTIONS.publicKey, useBrowserAutofill: true }))
    expect(webauthn.cancelCeremony).not.toHaveBeenCalled()

    // The password form is sent: the offer stops, and comes back when the password was wrong.
    await signInWithPassword()
    await waitUntil(() => expect(webauthn.cancelCeremony).toHaveBeenCalledTimes(1))
    await see('Sign-in failed')
    await waitUntil(() => expect(webauthn.startAuthentication).toHaveBeenCalledTimes(2))
    expect(document.querySelector('[role="alert"]')?.textContent).not.toContain('passkey')

    // Leaving the page stops it too.
    page.unmount()
    expect(webauthn.cancelCeremony).toHaveBeenCalledTimes(2)

    // A passkey picked from the suggestions signs in, with "remember me" as ticked by then.
    webauthn.startAuthentication.mockReset()
    let pick: (value: unknown) => void = () => {}
    webauthn.startAuthentication.mockImplementation(() => new Promise((resolve) => (pick = resolve)))
    page = await renderRoutes(authRoutes, '/login?next=%2Fdocuments')
    await waitUntil(() => expect(webauthn.startAuthentication).toHaveBeenCalledTimes(1))
    await click(document.querySelector<HTMLInputElement>('input[type="checkbox"]') ?? undefined)
    pick(ASSERTION)
    await see('Another page')
    expect(state.bodies['POST /api/v1/auth/passkey']).toEqual([{ ceremony_token: expect.stringMatching(/^ceremony-/), credential: ASSERTION, remember_me: true }])
    expect(pageText()).not.toContain('Passkey sign-in failed')
    page.unmount()
  })

  it('offers no passkey button where the browser cannot use passkeys', async () => {
    webauthn.supported = false
    serve(fresh())
    const page = await renderRoutes(authRoutes, '/login')
    await see('Forgot your password?')
    expect(buttons('Sign in with a passkey')).toHaveLength(0)
    expect(calls).not.toContain('POST /api/v1/auth/passkey/options')
    page.unmount()
  })
})
