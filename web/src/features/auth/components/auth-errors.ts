import { ApiError, errorMessage } from '@/lib/api/problem'
import { RateLimitedError } from '../api/request'

/** "45 seconds", "3 minutes", "2 hours": how long to wait, rounded up, in words. */
export function describeWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds))
  if (s < 60) return s === 1 ? '1 second' : `${s} seconds`
  const minutes = Math.ceil(s / 60)
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`
  const hours = Math.ceil(minutes / 60)
  return hours === 1 ? '1 hour' : `${hours} hours`
}

/** Seconds to wait before retrying: Retry-After, else the number in the server's sentence. */
export function retryAfterSeconds(error: unknown): number | null {
  if (error instanceof RateLimitedError && error.retryAfterSeconds !== null) {
    return error.retryAfterSeconds
  }
  if (error instanceof ApiError && error.status === 429) {
    const match = error.problem?.detail?.match(/(\d+)\s*seconds?/)
    if (match?.[1]) return Number(match[1])
  }
  return null
}

const MESSAGES: Record<string, string> = {
  'invalid-credentials':
    'The email or password is incorrect. Check both and try again. After several wrong tries, sign-in is paused for a while and we email you a link to unlock it.',
  'email-not-verified':
    'Your email address is not verified yet. Open the link in the email we sent when you signed up, or ask for a new one below.',
  'account-disabled':
    "This account is disabled. Contact your organisation's administrator to have it turned back on.",
  'mfa-code-invalid':
    'That code is not valid. Enter the current 6-digit code from your authenticator app (each code works once), or one of your recovery codes.',
  'mfa-challenge-invalid':
    'This sign-in step has expired or was tried too often. Sign in again with your email and password.',
  'passkey-refused':
    'That passkey was not accepted. Use a passkey you added to your Vigil account, or sign in another way.',
  'passkey-ceremony-expired': 'The passkey request expired before it was answered. Try again.',
  'passkeys-unavailable': 'Passkeys are not available on this Vigil server. Sign in with your email and password.',
  'captcha-required': 'Complete the "I\'m not a robot" check to continue.',
  'captcha-invalid': 'The "I\'m not a robot" check failed. It is running again: try once it shows "Verified".',
  'captcha-expired': 'The "I\'m not a robot" check expired. It is running again: try once it shows "Verified".',
  'captcha-replayed': 'That "I\'m not a robot" check was already used. It is running again: try once it shows "Verified".',
  'captcha-unavailable': 'The "I\'m not a robot" check cannot be reached right now. Try again in a moment.',
  'email-taken': 'That address now belongs to another Vigil account, so it cannot be used for yours.',
}

/** A sentence for any error of the sign-in, signup and email-link pages. */
export function authErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) {
      const seconds = retryAfterSeconds(error)
      return seconds === null
        ? 'Too many attempts. Wait a few minutes, then try again.'
        : `Too many attempts. Try again in ${describeWait(seconds)}.`
    }
    const mapped = MESSAGES[error.code]
    if (mapped) return mapped
  }
  return errorMessage(error)
}

export type TokenProblem = 'expired' | 'used' | 'invalid'

/** Why an emailed link did not work (`reset-token-expired` → expired), or null for other errors. */
export function tokenProblem(error: unknown): TokenProblem | null {
  if (!(error instanceof ApiError)) return null
  const match = /-token-(expired|used|invalid)$/.exec(error.code)
  return match ? (match[1] as TokenProblem) : null
}

/** Whether the error is about the CAPTCHA, so a fresh one must be solved before retrying. */
export function isCaptchaError(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false
  if (error.code.startsWith('captcha-')) return true
  const errors = error.problem?.errors as Record<string, unknown> | undefined
  return errors !== undefined && errors !== null && 'captcha' in errors
}
