import { describe, expect, it } from 'vitest'
import { domainProblem, domainsProblem, idleProblem, normaliseDomain, policyBody, policyValuesFrom } from './security-policy'

describe('security policy form', () => {
  it('maps the policy to form values and back', () => {
    const values = policyValuesFrom({
      require_mfa: true,
      require_passkey: 'owners_and_admins',
      session_idle_minutes: null,
      allowed_email_domains: ['clinic.com.au'],
    })
    expect(values.session_idle_minutes).toBe('')
    expect(values.require_passkey).toBe('owners_and_admins')
    expect(policyBody(values)).toEqual({
      require_mfa: true,
      require_passkey: 'owners_and_admins',
      session_idle_minutes: null,
      allowed_email_domains: ['clinic.com.au'],
    })
  })

  it('reads a policy without a passkey requirement as not requiring one, and sends the choice', () => {
    const values = policyValuesFrom({ require_mfa: false, session_idle_minutes: 30, allowed_email_domains: [] })
    expect(values.require_passkey).toBe('off')
    expect(policyBody({ ...values, require_passkey: 'everyone' }).require_passkey).toBe('everyone')
  })

  it('normalises and de-duplicates domains, and converts the idle time', () => {
    expect(
      policyBody({ require_mfa: false, require_passkey: 'off', session_idle_minutes: '30', allowed_email_domains: ['@Clinic.com.au', 'clinic.com.au ', ''] }),
    ).toEqual({ require_mfa: false, require_passkey: 'off', session_idle_minutes: 30, allowed_email_domains: ['clinic.com.au'] })
    expect(normaliseDomain(' @@Example.ORG')).toBe('example.org')
  })

  it('checks domains and idle minutes like the server', () => {
    expect(domainProblem('clinic.com.au')).toBeNull()
    expect(domainProblem('localhost')).not.toBeNull()
    expect(domainProblem('-bad.com')).not.toBeNull()
    expect(domainsProblem(Array.from({ length: 21 }, (_, i) => `d${i}.com`))).toMatch(/at most 20/)
    expect(idleProblem('')).toBeNull()
    expect(idleProblem(5)).toBeNull()
    expect(idleProblem(4)).not.toBeNull()
    expect(idleProblem(1441)).not.toBeNull()
    expect(idleProblem('12.5')).not.toBeNull()
  })
})
