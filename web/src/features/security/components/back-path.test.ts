import { backPath } from './back-path'

describe('the way back from the security page', () => {
  it("accepts only an organisation's own pages", () => {
    const org = '/organizations/11111111-1111-4111-8111-111111111111'
    expect(backPath(org)).toBe(org)
    expect(backPath(`${org}/settings?tab=security`)).toBe(`${org}/settings?tab=security`)
    expect(backPath(null)).toBeNull()
    expect(backPath('https://evil.example/organizations/11111111-1111-4111-8111-111111111111')).toBeNull()
    expect(backPath('//evil.example')).toBeNull()
    expect(backPath('/account/security')).toBeNull()
    expect(backPath(`${org}/../../login`)).toBeNull()
  })
})
