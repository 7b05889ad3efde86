import type { Dashboard } from '../api/get-dashboard'
import { membersMissingPasskey, methodsByRole, mfaAdoption, nextSteps, onboardingProgress, passkeyRequirementText, tierName } from './summary'

describe('dashboard summary', () => {
  it('names plans', () => {
    expect(tierName('free')).toBe('Free')
    expect(tierName('premium')).toBe('Premium')
  })

  it('computes two-step verification adoption', () => {
    const members = { total: 4, owners: 1, admins: 1, members: 2, viewers: 0 }
    expect(mfaAdoption({ members, security: { members_without_mfa: 1, locked_accounts: 0, locked_members: [], mfa_required: false, passkeys_required: 'off', mfa_methods: [] } })).toBe(75)
    expect(
      mfaAdoption({ members: { ...members, total: 0 }, security: { members_without_mfa: 0, locked_accounts: 0, locked_members: [], mfa_required: false, passkeys_required: 'off', mfa_methods: [] } }),
    ).toBe(100)
  })

  it('lists sign-in methods by role, most powerful first, marking where a passkey is required', () => {
    const security = {
      passkeys_required: 'owners_and_admins' as const,
      mfa_methods: [
        { role: 'member' as const, none: 2, totp: 1, passkey: 1 },
        { role: 'viewer' as const, none: 0, totp: 0, passkey: 0 },
        { role: 'owner' as const, none: 0, totp: 1, passkey: 1 },
      ],
    }
    expect(methodsByRole(security)).toEqual([
      { role: 'owner', label: 'Owner', none: 0, totp: 1, passkey: 1, passkeyRequired: true },
      { role: 'member', label: 'Member', none: 2, totp: 1, passkey: 1, passkeyRequired: false },
    ])
    expect(membersMissingPasskey(security)).toBe(1)
    expect(membersMissingPasskey({ ...security, passkeys_required: 'everyone' })).toBe(4)
    expect(membersMissingPasskey({ ...security, passkeys_required: 'off' })).toBe(0)
    expect(passkeyRequirementText('everyone')).toBe('Everyone')
    expect(passkeyRequirementText('off')).toBe('Not required')
  })

  it('counts skipped steps as done', () => {
    expect(
      onboardingProgress({
        completed: false,
        steps: [
          { number: 1, step: 'account', status: 'completed' },
          { number: 2, step: 'verify_email', status: 'completed' },
          { number: 3, step: 'organization_details', status: 'skipped' },
          { number: 4, step: 'branding', status: 'pending' },
          { number: 5, step: 'invite_team', status: 'pending' },
        ],
      }),
    ).toEqual({ done: 3, total: 5 })
  })

  it('lists what to do next, most urgent first, and nothing when all is well', () => {
    const calm: Dashboard = {
      organization_id: 'o',
      organization_name: 'Harbour View',
      subscription_tier: 'free',
      members: { total: 2, owners: 1, admins: 1, members: 0, viewers: 0 },
      seats: { members: 2, pending_invitations: 0, limit: 5 },
      onboarding: { completed: true, steps: [{ number: 3, step: 'organization_details', status: 'completed' }] },
      security: { members_without_mfa: 0, locked_accounts: 0, locked_members: [], mfa_required: false, passkeys_required: 'off', mfa_methods: [] },
      compliance: {
        documents: 2,
        documents_without_results: 0,
        results: 2,
        results_by_status: { compliant: 2, partially_compliant: 0, non_compliant: 0, not_assessed: 0 },
        overdue_reviews: 0,
        reviews_due_soon: 0,
      },
      recent_activity: [],
    }
    expect(nextSteps(calm)).toEqual([])
    const busy: Dashboard = {
      ...calm,
      seats: { ...calm.seats, pending_invitations: 1 },
      onboarding: { completed: true, steps: [{ number: 4, step: 'branding', status: 'skipped' }] },
      security: { ...calm.security, members_without_mfa: 1, mfa_required: true },
      compliance: { ...calm.compliance, documents: 0, overdue_reviews: 1, results_by_status: { ...calm.compliance.results_by_status, non_compliant: 3 } },
    }
    const steps = nextSteps(busy)
    expect(steps.map((s) => s.id)).toEqual(['overdue', 'non-compliant', 'no-documents', 'mfa', 'invitations', 'skipped-branding'])
    const passkeys = nextSteps({
      ...calm,
      security: { ...calm.security, passkeys_required: 'everyone', mfa_methods: [{ role: 'member', none: 1, totp: 1, passkey: 0 }] },
    })
    expect(passkeys).toEqual([
      {
        id: 'passkeys',
        text: '2 members have not added the passkey your policy requires, so cannot use the organisation yet.',
        to: 'members',
        action: 'Check members',
        tone: 'orange',
      },
    ])
    expect(steps[0]?.text).toBe('1 compliance result is overdue for review.')
    expect(steps[1]?.text).toBe('3 results are non-compliant.')
    expect(steps[3]?.text).toBe('1 member has not set up the two-step verification you require.')
    expect(steps.at(-1)).toMatchObject({ to: 'settings?tab=branding', tone: 'blue' })
    expect(steps[3]?.to).toBe('settings?tab=security')
  })
})
