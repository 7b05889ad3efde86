import { describeActivity, humaniseCode, toneColour } from './activity'

describe('describeActivity', () => {
  it('names successful and failed sign-ins', () => {
    expect(describeActivity({ kind: 'sign_in', event: 'success' })).toEqual({
      label: 'Signed in',
      result: 'Succeeded',
      tone: 'success',
    })
    expect(describeActivity({ kind: 'sign_in', event: 'bad_password' })).toMatchObject({
      label: 'Sign-in attempt with a wrong password',
      result: 'Failed',
    })
    expect(describeActivity({ kind: 'sign_in', event: 'mfa_failed' }).result).toBe('Failed')
  })

  it('marks refused sign-ins as refused', () => {
    for (const event of ['locked', 'unverified', 'disabled', 'rate_limited', 'ip_blocked']) {
      expect(describeActivity({ kind: 'sign_in', event })).toMatchObject({ result: 'Refused', tone: 'refused' })
    }
  })

  it('says when a code is still needed', () => {
    expect(describeActivity({ kind: 'sign_in', event: 'mfa_required' })).toMatchObject({
      result: 'Code needed',
      tone: 'pending',
    })
  })

  it('names security events', () => {
    expect(describeActivity({ kind: 'security_event', event: 'password_changed' })).toEqual({
      label: 'Password changed',
      result: 'Change',
      tone: 'change',
    })
    expect(describeActivity({ kind: 'security_event', event: 'mfa_enabled' }).label).toBe(
      'Two-step verification turned on',
    )
    expect(describeActivity({ kind: 'security_event', event: 'sessions_revoked' }).label).toBe(
      'All other sessions were signed out',
    )
  })

  it('still reads unknown codes as words', () => {
    expect(describeActivity({ kind: 'security_event', event: 'api_key_rotated' }).label).toBe('Api key rotated')
    expect(describeActivity({ kind: 'sign_in', event: 'captcha_failed' })).toMatchObject({
      label: 'Sign-in attempt (captcha failed)',
      result: 'Failed',
    })
  })
})

describe('humaniseCode', () => {
  it('turns codes into a sentence start', () => {
    expect(humaniseCode('some_new-code')).toBe('Some new code')
    expect(humaniseCode('')).toBe('Unknown activity')
  })
})

describe('toneColour', () => {
  it('gives every tone a colour', () => {
    expect(toneColour('success')).toBe('green')
    expect(toneColour('failure')).toBe('red')
    expect(toneColour('refused')).toBe('orange')
  })
})
