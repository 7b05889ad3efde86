import { seatSummary } from './seats'

describe('seat summary', () => {
  it('counts members and pending invitations against the limit', () => {
    const summary = seatSummary({ members: 3, pending_invitations: 1, limit: 5 })
    expect(summary.headline).toBe('4 of 5 seats used')
    expect(summary.detail).toBe('3 members and 1 pending invitation.')
    expect(summary.percent).toBe(80)
    expect(summary.full).toBe(false)
  })

  it('says when the plan is full', () => {
    const summary = seatSummary({ members: 5, pending_invitations: 0, limit: 5 })
    expect(summary.full).toBe(true)
    expect(summary.detail).toMatch(/plan is full/)
  })

  it('handles unlimited plans', () => {
    const summary = seatSummary({ members: 1, pending_invitations: 0, limit: null })
    expect(summary.headline).toBe('1 seat in use (unlimited plan)')
    expect(summary.percent).toBeNull()
  })
})
