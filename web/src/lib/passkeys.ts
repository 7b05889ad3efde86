// The browser's side of passkeys (WebAuthn), for the security settings and the sign-in page:
// runs the ceremonies with @simplewebauthn/browser on the options the API hands out, and turns
// what can go wrong into either "the person cancelled" (nothing to say) or a sentence.
import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  startRegistration,
  WebAuthnAbortService,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/browser'

export type { AuthenticationResponseJSON, RegistrationResponseJSON }

/** Whether this browser can create and use passkeys at all. */
export function passkeysSupported(): boolean {
  try {
    return browserSupportsWebAuthn()
  } catch {
    return false
  }
}

/** Whether this browser offers passkeys among the email field's autofill suggestions. */
export async function passkeyAutofillSupported(): Promise<boolean> {
  try {
    return await browserSupportsWebAuthnAutofill()
  } catch {
    return false
  }
}

/** The person closed the browser's passkey dialog, it timed out, or the page aborted it. */
export class PasskeyCancelled extends Error {
  constructor(cause?: unknown) {
    super('The passkey request was cancelled.', { cause })
    this.name = 'PasskeyCancelled'
  }
}

export function isPasskeyCancelled(error: unknown): error is PasskeyCancelled {
  return error instanceof PasskeyCancelled
}

/** A passkey ceremony that failed in the browser, with a sentence for the person. */
export class PasskeyFailed extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause })
    this.name = 'PasskeyFailed'
  }
}

type Ceremony = 'create' | 'get'

/** The error of a ceremony as the app tells it: cancelled (quiet) or a PasskeyFailed sentence. */
export function ceremonyError(error: unknown, ceremony: Ceremony): PasskeyCancelled | PasskeyFailed {
  const name = error instanceof Error ? error.name : ''
  const code = (error as { code?: unknown } | null)?.code
  // NotAllowedError: cancelled, timed out, or no passkey chosen; browsers do not tell them apart.
  if (name === 'NotAllowedError' || name === 'AbortError' || code === 'ERROR_CEREMONY_ABORTED') {
    return new PasskeyCancelled(error)
  }
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || name === 'InvalidStateError') {
    return new PasskeyFailed(
      'This device already has a passkey for your Vigil account. Use that one, or add a passkey on another device or security key.',
      error,
    )
  }
  if (code === 'ERROR_INVALID_DOMAIN' || code === 'ERROR_INVALID_RP_ID' || name === 'SecurityError') {
    return new PasskeyFailed(
      'Passkeys do not work at this address of Vigil. Open Vigil at its usual address and try again.',
      error,
    )
  }
  if (
    code === 'ERROR_AUTHENTICATOR_MISSING_USER_VERIFICATION_SUPPORT' ||
    code === 'ERROR_AUTHENTICATOR_MISSING_DISCOVERABLE_CREDENTIAL_SUPPORT' ||
    code === 'ERROR_AUTHENTICATOR_NO_SUPPORTED_PUBKEYCREDPARAMS_ALG' ||
    name === 'NotSupportedError' ||
    name === 'ConstraintError'
  ) {
    return new PasskeyFailed(
      'This device or security key cannot hold a passkey Vigil accepts: it must check your fingerprint, face, PIN or screen lock. Try another device.',
      error,
    )
  }
  if (!passkeysSupported()) return new PasskeyFailed('This browser cannot use passkeys.', error)
  return new PasskeyFailed(
    ceremony === 'create'
      ? 'The passkey could not be created. Try again, or use another device.'
      : 'Your passkey could not be used. Try again, or sign in another way.',
    error,
  )
}

/** `{ publicKey: … }` from the API, checked enough to hand to the browser. */
function publicKeyOf<T extends { challenge: string }>(options: unknown): T {
  const publicKey = (options as { publicKey?: unknown } | null)?.publicKey
  if (
    typeof publicKey !== 'object' ||
    publicKey === null ||
    typeof (publicKey as { challenge?: unknown }).challenge !== 'string'
  ) {
    throw new PasskeyFailed('The server sent passkey options this page does not understand. Reload the page and try again.')
  }
  return publicKey as T
}

// Numbers the requests: only the latest can still be stopped (starting one aborts the one before).
let latestRequest = 0

/** Creates a passkey with the creation options of `POST /me/passkeys/registration`. */
export async function createPasskey(options: unknown): Promise<RegistrationResponseJSON> {
  const optionsJSON = publicKeyOf<PublicKeyCredentialCreationOptionsJSON>(options)
  latestRequest += 1
  try {
    return await startRegistration({ optionsJSON })
  } catch (error) {
    throw ceremonyError(error, 'create')
  }
}

/**
 * Asks for a passkey with request options of the API (the second step, or a passwordless
 * sign-in). With `autofill`, the browser offers passkeys in the autofill of the field whose
 * autocomplete ends in "webauthn", and waits until one is picked. Aborting `signal` stops this
 * request (and no later one); it then fails as cancelled.
 */
export async function getPasskey(
  options: unknown,
  { autofill = false, signal }: { autofill?: boolean; signal?: AbortSignal } = {},
): Promise<AuthenticationResponseJSON> {
  const optionsJSON = publicKeyOf<PublicKeyCredentialRequestOptionsJSON>(options)
  if (signal?.aborted) throw new PasskeyCancelled()
  latestRequest += 1
  const request = latestRequest
  const stop = () => {
    if (latestRequest === request) WebAuthnAbortService.cancelCeremony()
  }
  signal?.addEventListener('abort', stop)
  try {
    return await startAuthentication({ optionsJSON, useBrowserAutofill: autofill })
  } catch (error) {
    throw ceremonyError(error, 'get')
  } finally {
    signal?.removeEventListener('abort', stop)
  }
}

const PLATFORMS: [RegExp, string][] = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/CrOS/, 'Chromebook'],
  [/Mac OS X|Macintosh/, 'Mac'],
  [/Windows/, 'Windows'],
  [/Linux/, 'Linux'],
]
const BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/Firefox\//, 'Firefox'],
  [/Chrome\/|Chromium\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
]

/** A name for a new passkey from this device ("Chrome on Mac"), for the person to change. */
export function suggestPasskeyName(userAgent: string = typeof navigator === 'undefined' ? '' : navigator.userAgent): string {
  const platform = PLATFORMS.find(([pattern]) => pattern.test(userAgent))?.[1]
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1]
  if (browser && platform) return `${browser} on ${platform}`
  return platform ?? browser ?? 'My passkey'
}
