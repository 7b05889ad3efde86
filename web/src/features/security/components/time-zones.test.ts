import { timeZoneOptions } from './time-zones'

describe('timeZoneOptions', () => {
  it('puts Australian zones first and keeps the current one', () => {
    expect(timeZoneOptions('Pacific/Auckland', ['Europe/London', 'Australia/Sydney', 'Australia/Perth'])).toEqual([
      'Australia/Perth',
      'Australia/Sydney',
      'Europe/London',
      'Pacific/Auckland',
    ])
  })

  it('does not repeat the current zone', () => {
    expect(timeZoneOptions('Australia/Sydney', ['Australia/Sydney'])).toEqual(['Australia/Sydney'])
  })
})
