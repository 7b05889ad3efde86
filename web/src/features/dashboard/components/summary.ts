import type { Dashboard } from '../api/get-dashboard'

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

/** Onboarding steps done or skipped, of all steps. */
export function onboardingProgress(onboarding: Dashboard['onboarding']): { done: number; total: number } {
  const total = onboarding.steps.length
  const done = onboarding.steps.filter((s) => s.status !== 'pending').length
  return { done, total }
}
