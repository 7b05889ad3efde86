import type { Schemas } from '@/lib/api/client'

type SecurityPolicy = Schemas['SecurityPolicyBody']
export type PasskeyRequirement = Schemas['PasskeyRequirement']

export interface PolicyValues {
  require_mfa: boolean
  /** Who must sign in with a passkey. */
  require_passkey: PasskeyRequirement
  /** Empty keeps the server's default. */
  session_idle_minutes: number | string
  allowed_email_domains: string[]
}

export const IDLE_MIN = 5
export const IDLE_MAX = 1440
export const MAX_DOMAINS = 20

export function policyValuesFrom(policy: SecurityPolicy): PolicyValues {
  return {
    require_mfa: policy.require_mfa,
    require_passkey: policy.require_passkey ?? 'off',
    session_idle_minutes: policy.session_idle_minutes ?? '',
    allowed_email_domains: [...policy.allowed_email_domains],
  }
}

/** The choices of who must sign in with a passkey, in the order the form offers them. */
export const PASSKEY_REQUIREMENTS: { value: PasskeyRequirement; label: string; description: string }[] = [
  {
    value: 'off',
    label: 'Not required',
    description: 'Members may add a passkey, and are encouraged to, but may sign in another way.',
  },
  {
    value: 'owners_and_admins',
    label: 'Owners and administrators',
    description:
      'Those who manage members, settings and the audit log must sign in with a passkey; others may choose.',
  },
  {
    value: 'everyone',
    label: 'Everyone',
    description: 'Every member must sign in with a passkey, as Essential Eight Maturity Level 3 expects.',
  },
]

/** `@Clinic.com.au ` → `clinic.com.au`, as the server stores it. */
export function normaliseDomain(raw: string): string {
  return raw.trim().replace(/^@+/, '').toLowerCase()
}

export function domainProblem(raw: string): string | null {
  const domain = normaliseDomain(raw)
  const labels = domain.split('.')
  const valid =
    domain.length <= 253 &&
    labels.length > 1 &&
    labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label))
  return valid ? null : `"${raw.trim()}" is not a domain name like clinic.com.au.`
}

function idleMinutes(value: number | string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  const trimmed = value.trim()
  if (trimmed === '') return null
  const parsed = Number(trimmed)
  return Number.isFinite(parsed) ? parsed : Number.NaN
}

export function idleProblem(value: number | string): string | null {
  const minutes = idleMinutes(value)
  if (minutes === null) return null
  if (!Number.isInteger(minutes) || minutes < IDLE_MIN || minutes > IDLE_MAX) {
    return `Choose between ${IDLE_MIN} and ${IDLE_MAX} minutes, or leave it empty for the default.`
  }
  return null
}

export function domainsProblem(domains: string[]): string | null {
  if (domains.length > MAX_DOMAINS) return `List at most ${MAX_DOMAINS} domains.`
  for (const domain of domains) {
    const problem = domainProblem(domain)
    if (problem) return problem
  }
  return null
}

/** The PUT body: domains normalised and de-duplicated, an empty idle time → the default. */
export function policyBody(values: PolicyValues): SecurityPolicy {
  const domains: string[] = []
  for (const raw of values.allowed_email_domains) {
    const domain = normaliseDomain(raw)
    if (domain !== '' && !domains.includes(domain)) domains.push(domain)
  }
  const minutes = idleMinutes(values.session_idle_minutes)
  return {
    require_mfa: values.require_mfa,
    require_passkey: values.require_passkey,
    session_idle_minutes: minutes === null || Number.isNaN(minutes) ? null : Math.round(minutes),
    allowed_email_domains: domains,
  }
}
