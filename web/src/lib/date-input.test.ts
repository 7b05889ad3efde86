import {
  dateInputDaysFromNow,
  endOfDayIso,
  isDateInputValue,
  startOfDayIso,
  startOfNextDayIso,
  toDateInputValue,
} from './date-input'

describe('date inputs', () => {
  it('accepts only real calendar dates', () => {
    expect(isDateInputValue('2026-03-01')).toBe(true)
    expect(isDateInputValue('2026-02-30')).toBe(false)
    expect(isDateInputValue('1/3/2026')).toBe(false)
    expect(isDateInputValue('')).toBe(false)
    expect(startOfDayIso('nope')).toBeNull()
    expect(endOfDayIso('2026-13-01')).toBeNull()
  })

  it('maps a day to its local start, end and following day', () => {
    const start = new Date(startOfDayIso('2026-03-01') ?? '')
    expect([start.getFullYear(), start.getMonth(), start.getDate(), start.getHours()]).toEqual([2026, 2, 1, 0])
    const next = new Date(startOfNextDayIso('2026-02-28') ?? '')
    expect([next.getMonth(), next.getDate(), next.getHours()]).toEqual([2, 1, 0])
    const end = new Date(endOfDayIso('2026-12-31') ?? '')
    expect([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours(), end.getMinutes()]).toEqual([
      2026, 11, 31, 23, 59,
    ])
  })

  it('round-trips local days', () => {
    expect(toDateInputValue(new Date(2026, 0, 5, 15, 30))).toBe('2026-01-05')
    expect(toDateInputValue(endOfDayIso('2026-07-09') ?? '')).toBe('2026-07-09')
    expect(dateInputDaysFromNow(1, new Date(2026, 11, 31, 10))).toBe('2027-01-01')
  })
})
