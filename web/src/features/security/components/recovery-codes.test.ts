import { formatSecret, recoveryCodesText } from './recovery-codes'

describe('formatSecret', () => {
  it('groups the secret in fours', () => {
    expect(formatSecret('JBSWY3DPEHPK3PXPJBSWY3DP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP')
    expect(formatSecret('ABCDEF')).toBe('ABCD EF')
    expect(formatSecret(' AB CD ')).toBe('ABCD')
    expect(formatSecret('')).toBe('')
  })
})

describe('recoveryCodesText', () => {
  it('lists every code on its own line under a heading', () => {
    const text = recoveryCodesText(['aaaa-bbbb', 'cccc-dddd'], 'ana@example.com', '1 Dec 2026, 10:00 am')
    const lines = text.split('\n')
    expect(lines[0]).toBe('Vigil recovery codes for ana@example.com')
    expect(lines[1]).toBe('Generated 1 Dec 2026, 10:00 am')
    expect(lines).toContain('aaaa-bbbb')
    expect(lines).toContain('cccc-dddd')
    expect(text.endsWith('cccc-dddd\n')).toBe(true)
  })
})
