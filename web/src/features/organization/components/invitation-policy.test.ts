import { ttlOptions, ttlValue } from './InvitationPolicy'

describe('invitation link length', () => {
  it('shows the default, the saved choice, and keeps an unusual saved value selectable', () => {
    expect(ttlValue(null)).toBe('default')
    expect(ttlValue(120)).toBe('120')
    expect(ttlOptions(null).map((o) => o.value)).toEqual(['default', '48', '72', '120', '168'])
    expect(ttlOptions(36).at(-1)).toEqual({ value: '36', label: '36 hours' })
  })
})
