import { describe, expect, it } from 'vitest'
import { DONE_INDEX, initialActive, nextActive, statusLabel, statusOf, stepIndex } from './steps'

const steps = (details: string, branding: string, team: string) =>
  [
    { number: 1, step: 'account', status: 'completed' },
    { number: 2, step: 'verify_email', status: 'completed' },
    { number: 3, step: 'organization_details', status: details },
    { number: 4, step: 'branding', status: branding },
    { number: 5, step: 'invite_team', status: team },
  ] as Parameters<typeof nextActive>[0]

describe('onboarding steps', () => {
  it('opens at the current step, or Done when completed', () => {
    expect(initialActive({ completed: false, current_step: 'organization_details' })).toBe(2)
    expect(initialActive({ completed: false, current_step: 'invite_team' })).toBe(4)
    expect(initialActive({ completed: true, current_step: null })).toBe(DONE_INDEX)
    expect(initialActive({ completed: false, current_step: 'account' })).toBe(2)
  })

  it('moves on to the next pending step, skipping finished ones', () => {
    expect(nextActive(steps('pending', 'pending', 'pending'), 2)).toBe(3)
    expect(nextActive(steps('completed', 'completed', 'pending'), 2)).toBe(4)
    expect(nextActive(steps('completed', 'skipped', 'completed'), 2)).toBe(DONE_INDEX)
    expect(nextActive(steps('completed', 'completed', 'pending'), 4)).toBe(DONE_INDEX)
  })

  it('reads statuses, treating account and email as done', () => {
    const state = steps('skipped', 'pending', 'completed')
    expect(statusOf(state, 'account')).toBe('completed')
    expect(statusOf(state, 'organization_details')).toBe('skipped')
    expect(statusOf([], 'branding')).toBe('pending')
    expect(statusLabel('skipped')).toBe('Skipped')
    expect(statusLabel('pending')).toBe('To do')
    expect(stepIndex('branding')).toBe(3)
  })
})
