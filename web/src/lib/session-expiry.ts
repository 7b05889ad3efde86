import type { QueryClient } from '@tanstack/react-query'
import { setCsrfToken } from './api/client'
import { ApiError } from './api/problem'
import { noteSessionExpiry } from './idle'
import { SESSION_KEY } from './session'

/** Why a signed-in person was sent to sign in, as the login page's `reason` parameter. */
export type SignOutReason = 'expired' | 'idle'

/** The 401 codes that mean "your session is gone", and the reason each one gives. */
const ENDED: Record<string, SignOutReason> = {
  'not-authenticated': 'expired',
  'session-idle-timeout': 'idle',
}

export const REASON_TEXT: Record<SignOutReason, string> = {
  expired:
    'Your session ended: it expired, was signed out from another device, or your password was changed. Sign in to continue where you left off.',
  idle: 'You were signed out after a period without activity, to keep your organisation\'s records safe. Sign in to continue where you left off.',
}

/** The code → reason of a 401 that ended a session, or null when it means something else. */
export function reasonOf(error: unknown): SignOutReason | null {
  if (!(error instanceof ApiError) || error.status !== 401) return null
  return ENDED[error.code] ?? null
}

// Set when the session check itself finds a signed-in person's session gone, so the guard
// that then sends them to sign in can say why.
let endedReason: SignOutReason | null = null
let signedIn = false

/** The session check found a session (`true`) or none (`false`, with the 401 it got). */
export function noteSessionCheck(found: boolean, error?: unknown): void {
  if (found) {
    signedIn = true
    endedReason = null
  } else {
    if (signedIn) endedReason = reasonOf(error) ?? 'expired'
    signedIn = false
  }
}

/** The person signed in (true) or out on purpose (false): nothing to explain later. */
export function noteSignedInOrOut(signedInNow: boolean): void {
  signedIn = signedInNow
  endedReason = null
}

/** Why the last session ended, if it ended while the person was signed in. */
export function sessionEndReason(): SignOutReason | null {
  return endedReason
}

export function isSignOutReason(value: string | null): value is SignOutReason {
  return value === 'expired' || value === 'idle'
}

/** The sign-in address that comes back to `path` afterwards and says why. */
export function signInUrl(path: string, reason: SignOutReason): string {
  return `/login?next=${encodeURIComponent(path)}&reason=${reason}`
}

/**
 * Handles an error from any query or mutation: when a signed-in person's session has ended
 * (expired, revoked, password changed elsewhere, idle), forget the session and go to sign-in,
 * coming back to the same page. Errors of people who were not signed in are left to the page.
 */
export function handleSessionEnd(
  error: unknown,
  client: QueryClient,
  navigate: (to: string) => void,
  location: { pathname: string; search: string },
): boolean {
  const reason = reasonOf(error)
  if (!reason) return false
  if (!client.getQueryData(SESSION_KEY)) return false
  if (location.pathname === '/login') return false
  // Navigate first, so the sign-in page (not the session guard) decides where to come back to.
  navigate(signInUrl(`${location.pathname}${location.search}`, reason))
  // The session guard may redirect first (the sign-in page loads lazily): it says why too.
  endedReason = reason
  signedIn = false
  setCsrfToken(null)
  client.setQueryData(SESSION_KEY, null)
  return true
}

/**
 * Signs out a person whose session reached its idle limit in this tab: ends it on the server
 * too (by the server's clock it may have a few seconds left), then goes to sign-in with the
 * reason, coming back to the same page.
 */
export async function signOutIdle(
  client: QueryClient,
  navigate: (to: string) => void,
  location: { pathname: string; search: string },
  logout: () => Promise<unknown>,
): Promise<void> {
  try {
    await logout()
  } catch {
    // Already ended, or the network is down: the session is forgotten here either way.
  }
  navigate(signInUrl(`${location.pathname}${location.search}`, 'idle'))
  noteSessionExpiry(null)
  endedReason = 'idle'
  signedIn = false
  setCsrfToken(null)
  client.setQueryData(SESSION_KEY, null)
}
