// Words for the codes of GET /api/v1/me/activity (api/src/auth/activity.rs and the events recorded
// by the other auth features). Unknown codes still read as words, so a new server event shows sensibly.

export type ActivityTone = 'success' | 'failure' | 'refused' | 'pending' | 'change'

export interface ActivityDescription {
  /** What happened, as a sentence fragment a person understands. */
  label: string
  /** Short result for the badge: "Succeeded", "Failed", "Refused", "Code needed" or "Change". */
  result: string
  tone: ActivityTone
}

const RESULT: Record<ActivityTone, string> = {
  success: 'Succeeded',
  failure: 'Failed',
  refused: 'Refused',
  pending: 'Code needed',
  change: 'Change',
}

const TONE_COLOUR: Record<ActivityTone, string> = {
  success: 'green',
  failure: 'red',
  refused: 'orange',
  pending: 'blue',
  change: 'gray',
}

const SIGN_INS: Record<string, [string, ActivityTone]> = {
  success: ['Signed in', 'success'],
  bad_password: ['Sign-in attempt with a wrong password', 'failure'],
  unknown_email: ['Sign-in attempt with an unknown email address', 'failure'],
  locked: ['Sign-in refused: the account was locked after too many failed attempts', 'refused'],
  unverified: ['Sign-in refused: the email address was not verified yet', 'refused'],
  disabled: ['Sign-in refused: the account is disabled', 'refused'],
  mfa_required: ['Password accepted, waiting for the two-step verification code', 'pending'],
  mfa_failed: ['Sign-in attempt with a wrong two-step verification code', 'failure'],
  rate_limited: ['Sign-in refused: too many attempts in a short time', 'refused'],
  ip_blocked: ['Sign-in refused: the network was blocked after suspicious attempts', 'refused'],
  passkey_failed: ['Sign-in attempt with a passkey that was refused', 'failure'],
}

const EVENTS: Record<string, string> = {
  password_changed: 'Password changed',
  password_reset: 'Password reset with an emailed link',
  email_change_requested: 'Change of email address requested',
  email_changed: 'Email address changed',
  mfa_enabled: 'Two-step verification turned on',
  mfa_disabled: 'Two-step verification turned off',
  recovery_codes_regenerated: 'New recovery codes generated',
  passkey_added: 'Passkey added',
  passkey_removed: 'Passkey removed',
  session_revoked: 'A session was signed out',
  sessions_revoked: 'All other sessions were signed out',
  new_sign_in: 'Sign-in from a new device or network (an email was sent)',
  not_me: 'A sign-in was reported as not you',
  account_locked: 'Account locked after too many failed sign-ins',
  account_unlocked: 'Account unlocked',
  account_disabled: 'Account disabled by an administrator',
  account_enabled: 'Account enabled again by an administrator',
}

/** "some_new_code" → "Some new code". */
export function humaniseCode(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim()
  if (!words) return 'Unknown activity'
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** Describes one activity item (a sign-in attempt or a security event) in words. */
export function describeActivity(item: { kind: string; event: string }): ActivityDescription {
  if (item.kind === 'sign_in') {
    const known = SIGN_INS[item.event]
    if (known) return { label: known[0], tone: known[1], result: RESULT[known[1]] }
    return { label: `Sign-in attempt (${humaniseCode(item.event).toLowerCase()})`, tone: 'failure', result: RESULT.failure }
  }
  return { label: EVENTS[item.event] ?? humaniseCode(item.event), tone: 'change', result: RESULT.change }
}

export function toneColour(tone: ActivityTone): string {
  return TONE_COLOUR[tone]
}
