import { formatCount, formatDate, formatDateTime, formatDay } from './format'

// Midday UTC is the same calendar day in every time zone from UTC−11 to UTC+11.
const NOON = '2026-01-05T12:00:00Z'

describe('formatting in the people’s locale (en-AU)', () => {
  it('writes the day before the month, whatever the browser’s language', () => {
    expect(formatDate(NOON)).toBe('5 Jan 2026')
    expect(formatDateTime(NOON)).toMatch(/^5 Jan 2026, \d{1,2}:\d{2}\s[ap]m$/)
    expect(formatDate(null)).toBe('—')
  })

  it('keeps calendar days (review dates) on their own day', () => {
    expect(formatDay('2026-12-31')).toBe('31 Dec 2026')
    expect(formatDay(undefined)).toBe('—')
  })

  it('groups thousands with commas', () => {
    expect(formatCount(1234567)).toBe('1,234,567')
  })
})
