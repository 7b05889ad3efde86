import { mfaAdoption, onboardingProgress, tierName } from './summary'

describe('dashboard summary', () => {
  it('names plans', () => {
    expect(tierName('free')).toBe('Free')
    expect(tierName('premium')).toBe('Premium')
  })

  it('computes two-step verification adoption', () => {
    const members = { total: 4, owners: 1, admins: 1, members: 2, viewers: 0 }
    expect(mfaAdoption({ members, security: { members_without_mfa: 1, locked_accounts: 0, locked_members: [], mfa_required: false } })).toBe(75)
    expect(
      mfaAdoption({ members: { ...members, total: 0 }, security: { members_without_mfa: 0, locked_accounts: 0, locked_members: [], mfa_required: false } }),
    ).toBe(100)
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
})
