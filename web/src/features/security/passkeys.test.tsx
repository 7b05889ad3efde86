// The Passkeys section of the security page against a mocked API and a mocked browser
// ceremony (@simplewebauthn/browser): the list, adding one (recovery codes the first time, a
// cancelled browser dialog, the API's problems next to their fields), renaming and removing.
import { securityRoutes } from './routes'
import { buttons, calls, click, input, installDomShims, json, mockApi, pageText, renderRoutes, see, sessionOf, typeInto, waitUntil } from '@/lib/test-harness'

const webauthn = vi.hoisted(() => ({
  supported: true,
  startRegistration: vi.fn(),
}))
vi.mock('@simplewebauthn/browser', () => ({
  browserSupportsWebAuthn: () => webauthn.supported,
  browserSupportsWebAuthnAutofill: () => Promise.resolve(false),
  startRegistration: webauthn.startRegistration,
  startAuthentication: vi.fn(),
  WebAuthnAbortService: { cancelCeremony: vi.fn() },
}))

const LAPTOP = {
  id: '33333333-3333-4333-8333-333333333333',
  name: 'Work laptop',
  created_at: '2026-03-01T02:00:00Z',
  last_used_at: '2026-03-04T02:00:00Z',
}
const PHONE = { id: '44444444-4444-4444-8444-444444444444', name: 'Phone', created_at: '2026-03-02T02:00:00Z', last_used_at: null }
const CREATION = {
  publicKey: {
    rp: { id: 'localhost', name: 'Vigil' },
    user: { id: 'dXNlcg', name: 'mia@example.org', displayName: 'Mia Me' },
    challenge: 'Y2hhbGxlbmdl',
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  },
}
const CREDENTIAL = {
  id: 'Y3JlZA',
  rawId: 'Y3JlZA',
  type: 'public-key',
  response: { clientDataJSON: 'e30', attestationObject: 'o2Nm' },
  clientExtensionResults: {},
}

function notAllowed(): Error {
  // What @simplewebauthn/browser throws when the person closes the browser's dialog.
  return Object.assign(new Error('The operation either timed out or was not allowed.'), {
    name: 'NotAllowedError',
    code: 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY',
  })
}

function problem(status: number, code: string, detail: string, errors?: Record<string, string[]>): Response {
  return json({ type: `urn:vigil:problem:${code}`, title: 'Problem', status, code, detail, errors }, status)
}

interface Api {
  passkeys: (typeof LAPTOP | typeof PHONE)[]
  bodies: Record<string, unknown[]>
  /** Answers of POST /me/passkeys/registration and POST /me/passkeys, in turn (then success). */
  startAnswers: (() => Response)[]
  registerAnswers: (() => Response)[]
  removeAnswers: (() => Response)[]
  /** Whether Harbour View requires a passkey of this person. */
  requirePasskey: boolean
}

function serve(state: Api) {
  mockApi(async (request, url) => {
    const path = url.pathname
    const key = `${request.method} ${path}`
    if (request.method !== 'GET') (state.bodies[key] ??= []).push(await request.clone().json().catch(() => null))
    if (path === '/api/v1/auth/session') return json(sessionOf('owner'))
    if (path === '/api/v1/me/security')
      return json({
        email: 'mia@example.org',
        email_verified: true,
        password_changed_at: '2025-06-01T00:00:00Z',
        active_sessions: 1,
        mfa: { enabled: false, enabled_at: null, recovery_codes_left: 0, available: true },
        organizations: [
          { organization_id: '1', organization_name: 'Harbour View', require_mfa: true, require_passkey: state.requirePasskey },
        ],
      })
    if (path === '/api/v1/me/sessions' || path === '/api/v1/me/activity') return json([])
    if (key === 'GET /api/v1/me/passkeys') return json(state.passkeys)
    if (key === 'POST /api/v1/me/passkeys/registration')
      return state.startAnswers.shift()?.() ?? json({ registration_token: 'reg-token', expires_at: '2030-01-01T00:00:00Z', options: CREATION })
    if (key === 'POST /api/v1/me/passkeys') {
      const answer = state.registerAnswers.shift()
      if (answer) return answer()
      const body = (state.bodies[key]?.at(-1) ?? {}) as { name: string }
      const passkey = { id: '55555555-5555-4555-8555-555555555555', name: body.name, created_at: '2026-03-05T02:00:00Z', last_used_at: null }
      const first = state.passkeys.length === 0
      state.passkeys = [...state.passkeys, passkey]
      return json(
        { passkey, recovery_codes: first ? ['k7vq-m2xp-9tdr', 'a1b2-c3d4-e5f6'] : null, signed_out_sessions: first ? 2 : 0 },
        201,
      )
    }
    const one = /^\/api\/v1\/me\/passkeys\/([^/]+)$/.exec(path)
    if (one && request.method === 'DELETE') {
      const answer = state.removeAnswers.shift()
      if (answer) return answer()
      state.passkeys = state.passkeys.filter((p) => p.id !== one[1])
      return new Response(null, { status: 204 })
    }
    if (one && request.method === 'PATCH') {
      const body = state.bodies[key]?.at(-1) as { name: string }
      state.passkeys = state.passkeys.map((p) => (p.id === one[1] ? { ...p, name: body.name } : p))
      return json(state.passkeys.find((p) => p.id === one[1]))
    }
    return undefined
  })
}

function fresh(passkeys: Api['passkeys']): Api {
  return { passkeys, bodies: {}, startAnswers: [], registerAnswers: [], removeAnswers: [], requirePasskey: false }
}

/** The Passkeys section (a <section> named by its heading). */
function section(): HTMLElement {
  const heading = Array.from(document.querySelectorAll('h2')).find((h) => h.textContent === 'Passkeys')
  const found = heading?.closest('section')
  if (!found) throw new Error(`no Passkeys section; the page says ${pageText().slice(0, 300)}`)
  return found
}

function dialog(): HTMLElement {
  const found = document.querySelector<HTMLElement>('[role="dialog"]')
  if (!found) throw new Error('no dialog open')
  return found
}

function fieldError(label: string, within: ParentNode = document): string {
  const field = input(label, within)[0]
  const id = field?.getAttribute('aria-describedby')?.split(' ').find((part) => part.includes('error'))
  return (id && document.getElementById(id)?.textContent) || ''
}

beforeAll(installDomShims)
beforeEach(() => {
  webauthn.supported = true
  webauthn.startRegistration.mockReset()
})

describe('passkeys on the security page', { timeout: 30_000 }, () => {
  it('lists the passkeys with when each was added and last used', async () => {
    serve(fresh([LAPTOP, PHONE]))
    const page = await renderRoutes(securityRoutes, '/security')
    await see('Work laptop')
    const rows = Array.from(section().querySelectorAll('tbody tr')).map((row) => row.textContent ?? '')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toContain('Work laptop')
    expect(rows[0]).toContain('1 Mar 2026')
    expect(rows[0]).toContain('4 Mar 2026')
    expect(rows[1]).toContain('Phone')
    expect(rows[1]).toContain('2 Mar 2026')
    expect(rows[1]).toContain('Never')
    expect(buttons('Rename Work laptop')).toHaveLength(1)
    expect(buttons('Remove Phone')).toHaveLength(1)
    page.unmount()
  })

  it('adds the first passkey: password and name, the browser ceremony, then the recovery codes once', async () => {
    const state = fresh([])
    state.startAnswers.push(() => problem(422, 'wrong-password', 'The password is incorrect.', { password: ['The password is incorrect.'] }))
    webauthn.startRegistration.mockRejectedValueOnce(notAllowed()).mockResolvedValue(CREDENTIAL)
    serve(state)
    const page = await renderRoutes(securityRoutes, '/security')
    await see('No passkeys yet')
    await click(buttons('Add a passkey', section())[0])
    // The name is suggested from this device; the person may change it.
    expect(input('Name for this passkey', section())[0]?.value).not.toBe('')
    await typeInto(input('Name for this passkey', section())[0], 'Work laptop')

    // A wrong password: said next to the password, and no ceremony.
    await typeInto(input('Your password', section())[0], 'wrong')
    await click(buttons('Create passkey', section())[0])
    await waitUntil(() => expect(fieldError('Your password', section())).toBe('The password is incorrect.'))
    expect(webauthn.startRegistration).not.toHaveBeenCalled()

    // The person closes the browser's dialog: nothing is sent, nothing is said, the form stays.
    await typeInto(input('Your password', section())[0], 'correct horse')
    await click(buttons('Create passkey', section())[0])
    await waitUntil(() => expect(webauthn.startRegistration).toHaveBeenCalledTimes(1))
    await waitUntil(() => expect(buttons('Create passkey', section())[0]?.hasAttribute('data-loading')).toBe(false))
    expect(calls).not.toContain('POST /api/v1/me/passkeys')
    expect(section().querySelector('[role="alert"]')).toBeNull()
    expect(input('Your password', section())[0]?.value).toBe('correct horse')

    // Again: the options go to the browser, its answer and the token back to the API.
    await click(buttons('Create passkey', section())[0])
    await see('Save these codes now')
    expect(webauthn.startRegistration).toHaveBeenLastCalledWith({ optionsJSON: CREATION.publicKey })
    expect(state.bodies['POST /api/v1/me/passkeys/registration']).toEqual([{ password: 'wrong' }, { password: 'correct horse' }, { password: 'correct horse' }])
    expect(state.bodies['POST /api/v1/me/passkeys']).toEqual([{ registration_token: 'reg-token', name: 'Work laptop', credential: CREDENTIAL }])
    const codes = Array.from(document.querySelectorAll('ul[aria-label="Recovery codes"] li')).map((li) => li.textContent)
    expect(codes).toEqual(['k7vq-m2xp-9tdr', 'a1b2-c3d4-e5f6'])
    expect(pageText()).toContain('if you lose your passkeys')
    await see('2 sessions that had signed in with only your password were signed out.')
    await see('Passkey added')

    // Shown once: gone when saved; the list has the new passkey.
    await click(buttons('I have saved my codes', section())[0])
    await waitUntil(() => expect(document.querySelector('ul[aria-label="Recovery codes"]')).toBeNull())
    await waitUntil(() => expect(section().querySelector('tbody')?.textContent).toContain('Work laptop'))
    page.unmount()
  })

  it("puts the API's passkey problems where they belong", async () => {
    const state = fresh([LAPTOP])
    state.startAnswers.push(() => problem(503, 'passkeys-unavailable', 'Passkeys are not available on this server.'))
    state.registerAnswers.push(
      () => problem(422, 'validation-failed', 'Invalid.', { name: ['Use 1 to 60 characters.'] }),
      () => problem(422, 'passkey-ceremony-expired', 'Expired.', { registration_token: ['Expired.'] }),
    )
    webauthn.startRegistration.mockResolvedValue(CREDENTIAL)
    serve(state)
    const page = await renderRoutes(securityRoutes, '/security')
    await see('Work laptop')
    await click(buttons('Add a passkey', section())[0])
    await typeInto(input('Your password', section())[0], 'correct horse')

    await click(buttons('Create passkey', section())[0])
    await see('Passkeys are not available on this Vigil server')

    await click(buttons('Create passkey', section())[0])
    await waitUntil(() => expect(fieldError('Name for this passkey', section())).toBe('Use 1 to 60 characters.'))

    await click(buttons('Create passkey', section())[0])
    await see('Creating the passkey took too long. Try again.')
    expect(section().querySelector('[role="alert"]')?.textContent).toContain('The passkey was not added')
    page.unmount()
  })

  it('removes a passkey only with the password, after a warning when it is the only second step', async () => {
    const state = fresh([LAPTOP])
    state.removeAnswers.push(() => problem(422, 'wrong-password', 'The password is incorrect.', { password: ['The password is incorrect.'] }))
    serve(state)
    const page = await renderRoutes(securityRoutes, '/security')
    await see('Work laptop')
    await click(buttons('Remove Work laptop')[0])
    await waitUntil(() => expect(dialog().textContent).toContain('“Work laptop” will no longer sign you in.'))
    expect(dialog().textContent).toContain('This is your only second step')
    expect(dialog().textContent).toContain('Harbour View requires two-step verification')

    // No password: nothing is sent.
    await click(buttons('Remove passkey', dialog())[0])
    await waitUntil(() => expect(fieldError('Your password', dialog())).toBe('Enter your password.'))
    expect(calls.filter((c) => c.startsWith('DELETE'))).toEqual([])

    // A wrong one: refused next to the field; the passkey stays.
    await typeInto(input('Your password', dialog())[0], 'wrong')
    await click(buttons('Remove passkey', dialog())[0])
    await waitUntil(() => expect(fieldError('Your password', dialog())).toBe('The password is incorrect.'))

    await typeInto(input('Your password', dialog())[0], 'correct horse')
    await click(buttons('Remove passkey', dialog())[0])
    await see('“Work laptop” no longer signs you in.')
    expect(state.bodies[`DELETE /api/v1/me/passkeys/${LAPTOP.id}`]).toEqual([{ password: 'wrong' }, { password: 'correct horse' }])
    await see('No passkeys yet')
    page.unmount()
  })

  it("keeps the last passkey when an organisation requires one, with the server's reason (409)", async () => {
    const state = fresh([LAPTOP])
    const detail = 'Harbour View requires a passkey for your role: add another passkey before removing this one.'
    state.removeAnswers.push(() => problem(409, 'passkey-required-by-organisation', detail))
    serve(state)
    const page = await renderRoutes(securityRoutes, '/security')
    await see('Work laptop')
    await click(buttons('Remove Work laptop')[0])
    await waitUntil(() => expect(dialog().textContent).toContain('“Work laptop” will no longer sign you in.'))
    await typeInto(input('Your password', dialog())[0], 'correct horse')
    await click(buttons('Remove passkey', dialog())[0])
    await see('Your organisation requires a passkey')
    await see(detail)
    expect(section().querySelector('tbody')?.textContent).toContain('Work laptop')
    page.unmount()
  })

  it('says which organisations require a passkey: before the first one, and before removing the last', async () => {
    const state = { ...fresh([]), requirePasskey: true }
    serve(state)
    const page = await renderRoutes(securityRoutes, '/security')
    await see('A passkey is required')
    expect(section().textContent).toContain('Harbour View requires a passkey of you. Add one to keep using it.')

    state.passkeys = [LAPTOP]
    page.unmount()
    const again = await renderRoutes(securityRoutes, '/security')
    await see('Work laptop')
    expect(section().textContent).not.toContain('A passkey is required')
    await click(buttons('Remove Work laptop')[0])
    await waitUntil(() => expect(dialog().textContent).toContain('This is your only passkey'))
    expect(dialog().textContent).toContain('Harbour View requires a passkey of you, so Vigil keeps your last one.')
    expect(dialog().textContent).not.toContain('This is your only second step')
    again.unmount()
  })

  it('offers the way back to the organisation page that sent the person here', async () => {
    serve(fresh([]))
    const back = '/organizations/11111111-1111-4111-8111-111111111111/documents'
    const page = await renderRoutes(securityRoutes, `/security?back=${encodeURIComponent(back)}`)
    await see('Then go back to your organisation')
    expect(buttons('Go back')[0]?.getAttribute('href')).toBe(back)
    page.unmount()
  })

  it('renames a passkey', async () => {
    const state = fresh([LAPTOP, PHONE])
    serve(state)
    const page = await renderRoutes(securityRoutes, '/security')
    await see('Phone')
    await click(buttons('Rename Phone')[0])
    await waitUntil(() => expect(input('Name', dialog())[0]?.value).toBe('Phone'))
    await typeInto(input('Name', dialog())[0], '   ')
    await click(buttons('Save name', dialog())[0])
    await waitUntil(() => expect(fieldError('Name', dialog())).toBe('Give the passkey a name.'))
    await typeInto(input('Name', dialog())[0], 'Pixel 9')
    await click(buttons('Save name', dialog())[0])
    await see('It is now called “Pixel 9”.')
    expect(state.bodies[`PATCH /api/v1/me/passkeys/${PHONE.id}`]).toEqual([{ name: 'Pixel 9' }])
    await waitUntil(() => expect(section().querySelector('tbody')?.textContent).toContain('Pixel 9'))
    page.unmount()
  })

  it('explains, and offers no button, when the browser cannot use passkeys', async () => {
    webauthn.supported = false
    serve(fresh([LAPTOP]))
    const page = await renderRoutes(securityRoutes, '/security')
    await see('This browser cannot use passkeys')
    await see('Work laptop')
    expect(buttons('Add a passkey', section())[0]?.hasAttribute('disabled')).toBe(true)
    // What is there can still be managed.
    expect(buttons('Remove Work laptop')).toHaveLength(1)
    page.unmount()
  })
})
