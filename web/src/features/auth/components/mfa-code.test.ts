import { describe, expect, it } from 'vitest'
import { mfaBody } from './mfa-code'

describe('mfaBody', () => {
  it('sends six digits as a TOTP code, spaces removed', () => {
    expect(mfaBody('t', '123456')).toEqual({ mfa_token: 't', code: '123456', recovery_code: null })
    expect(mfaBody('t', ' 123 456 ')).toEqual({ mfa_token: 't', code: '123456', recovery_code: null })
  })
  it('sends anything else as a recovery code', () => {
    expect(mfaBody('t', ' k7vq-m2xp-9tdr ')).toEqual({ mfa_token: 't', code: null, recovery_code: 'k7vq-m2xp-9tdr' })
    expect(mfaBody('t', '12345')).toEqual({ mfa_token: 't', code: null, recovery_code: '12345' })
  })
})
