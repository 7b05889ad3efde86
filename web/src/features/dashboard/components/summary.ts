import type { Schemas } from '@/lib/api/client'
import { ROLES, ROLE_LABELS } from '@/lib/roles'
import type { Role } from '@/lib/session'
import type { Dashboard } from '../api/get-dashboard'

type Security = Dashboard['security']
export type PasskeyRequirement = Schemas['PasskeyRequirement']

const TIERS: Record<string, string> = { free: 'Free', standard: 'Standard', enterprise: 'Enterprise' }

export function tierName(tier: string): string {
  return TIERS[tier] ?? (tier ? tier.charAt(0).toUpperCase() + tier.slice(1) : 'Unknown')
}

/** Share of active members with two-step verification on, 0–100 (100 with nobody to count). */
export function mfaAdoption(dashboard: Pick<Dashboard, 'members' | 'security'>): number {
  const total = dashboard.members.total
  if (total <= 0) return 100
  const withMfa = Math.max(0, total - dashboard.security.members_without_mfa)
  return Math.round((withMfa / total) * 100)
}

const PASSKEY_REQUIREMENT_TEXT: Record<PasskeyRequirement, string> = {
  off: 'Not required',
  owners_and_admins: 'Owners and administrators',
  everyone: 'Everyone',
}

/** Who must sign in with a passkey, in words. */
export function passkeyRequirementText(requirement: PasskeyRequirement): string {
  return PASSKEY_REQUIREMENT_TEXT[requirement] ?? requirement
}

/** Whether the organisation's policy asks members of `role` to sign in with a passkey. */
export function passkeyRequiredFor(requirement: PasskeyRequirement, role: Role): boolean {
  return requirement === 'everyone' || (requirement === 'owners_and_admins' && (role === 'owner' || role === 'admin'))
}

export interface RoleMethods {
  role: Role
  label: string
  /** Password alone, authenticator app (and no passkey), passkey. */
  none: number
  totp: number
  passkey: number
  /** The policy asks this role for a passkey. */
  passkeyRequired: boolean
}

/** How the active members of each role sign in, most powerful role first; roles nobody holds are left out. */
export function methodsByRole(security: Pick<Security, 'mfa_methods' | 'passkeys_required'>): RoleMethods[] {
  return ROLES.flatMap((role) => {
    const counts = security.mfa_methods.find((row) => row.role === role)
    if (!counts || counts.none + counts.totp + counts.passkey === 0) return []
    return [
      {
        role,
        label: ROLE_LABELS[role],
        none: counts.none,
        totp: counts.totp,
        passkey: counts.passkey,
        passkeyRequired: passkeyRequiredFor(security.passkeys_required, role),
      },
    ]
  })
}

/** Active members whom the policy asks for a passkey and who have not added one. */
export function membersMissingPasskey(security: Pick<Security, 'mfa_methods' | 'passkeys_required'>): number {
  return methodsByRole(security)
    .filter((row) => row.passkeyRequired)
    .reduce((sum, row) => sum + row.none + row.totp, 0)
}

/** Onboarding steps done or skipped, of all steps. */
export function onboardingProgress(onboarding: Dashboard['onboarding']): { done: number; total: number } {
  const total = onboarding.steps.length
  const done = onboarding.steps.filter((s) => s.status !== 'pending').length
  return { done, total }
}

export interface NextStep {
  /** Stable key (tests, React). */
  id: string
  text: string
  /** Where it is fixed, relative to the organisation (`documents`, `compliance?review=overdue`). */
  to: string
  action: string
  /** Red for what is late or failing, orange for what needs doing, blue for setup left over. */
  tone: 'red' | 'orange' | 'blue'
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

const SKIPPED: Record<string, { text: string; to: string; action: string }> = {
  organization_details: {
    text: 'You skipped your organisation’s details (ABN, address, contact) during setup.',
    to: 'settings',
    action: 'Add details',
  },
  branding: { text: 'You skipped branding (logo and colours) during setup.', to: 'settings?tab=branding', action: 'Add branding' },
  invite_team: { text: 'You skipped inviting your team during setup.', to: 'members', action: 'Invite people' },
}

/**
 * What needs doing, most urgent first, each with the page where it is fixed. Empty when nothing
 * needs attention.
 */
export function nextSteps(dashboard: Dashboard): NextStep[] {
  const { compliance, security, seats, onboarding } = dashboard
  const steps: NextStep[] = []
  if (compliance.overdue_reviews > 0)
    steps.push({
      id: 'overdue',
      text: `${plural(compliance.overdue_reviews, 'compliance result is', 'compliance results are')} overdue for review.`,
      to: 'compliance?review=overdue&sort=review_due_on',
      action: 'Review them',
      tone: 'red',
    })
  if (compliance.results_by_status.non_compliant > 0)
    steps.push({
      id: 'non-compliant',
      text: `${plural(compliance.results_by_status.non_compliant, 'result is', 'results are')} non-compliant.`,
      to: 'compliance?status=non_compliant',
      action: 'See what failed',
      tone: 'red',
    })
  if (security.locked_accounts > 0)
    steps.push({
      id: 'locked',
      text: `${plural(security.locked_accounts, 'member’s sign-in is', 'members’ sign-ins are')} locked after wrong guesses.`,
      to: 'members',
      action: 'Check members',
      tone: 'red',
    })
  if (compliance.documents === 0)
    steps.push({
      id: 'no-documents',
      text: 'No documents yet: upload your policies and procedures to check them against your standards.',
      to: 'documents',
      action: 'Upload documents',
      tone: 'orange',
    })
  else if (compliance.documents_without_results > 0)
    steps.push({
      id: 'unchecked',
      text: `${plural(compliance.documents_without_results, 'document has', 'documents have')} no compliance result yet.`,
      to: 'documents',
      action: 'Open documents',
      tone: 'orange',
    })
  if (compliance.reviews_due_soon > 0)
    steps.push({
      id: 'due-soon',
      text: `${plural(compliance.reviews_due_soon, 'review is', 'reviews are')} due in the next 14 days.`,
      to: 'compliance?review=current&sort=review_due_on',
      action: 'Plan reviews',
      tone: 'orange',
    })
  if (security.members_without_mfa > 0)
    steps.push({
      id: 'mfa',
      text: security.mfa_required
        ? `${plural(security.members_without_mfa, 'member has', 'members have')} not set up the two-step verification you require.`
        : `${plural(security.members_without_mfa, 'member does', 'members do')} not use two-step verification.`,
      to: 'settings?tab=security',
      action: security.mfa_required ? 'Check the policy' : 'Require it',
      tone: 'orange',
    })
  const missingPasskey = membersMissingPasskey(security)
  if (missingPasskey > 0)
    steps.push({
      id: 'passkeys',
      text: `${plural(missingPasskey, 'member has', 'members have')} not added the passkey your policy requires, so cannot use the organisation yet.`,
      to: 'members',
      action: 'Check members',
      tone: 'orange',
    })
  if (seats.pending_invitations > 0)
    steps.push({
      id: 'invitations',
      text: `${plural(seats.pending_invitations, 'invitation is', 'invitations are')} waiting to be accepted.`,
      to: 'members',
      action: 'Resend or revoke',
      tone: 'orange',
    })
  for (const step of onboarding.steps) {
    const skipped = SKIPPED[step.step]
    if (step.status === 'skipped' && skipped) steps.push({ id: `skipped-${step.step}`, ...skipped, tone: 'blue' })
  }
  return steps
}
