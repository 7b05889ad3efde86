import { formatCountdown, idleDeadline, noteActivity, noteServerDate, noteSessionExpiry, spokenCountdown } from './idle'

const T = Date.parse('2030-01-01T10:00:00Z')

describe('the idle deadline', () => {
  afterEach(() => {
    noteServerDate(new Date(T).toUTCString(), T)
    noteSessionExpiry(null)
  })

  it('is read on the server clock and converted to this browser’s', () => {
    // This browser is five minutes fast.
    noteServerDate(new Date(T).toUTCString(), T + 5 * 60_000)
    noteSessionExpiry({ idle_timeout_minutes: 30, idle_expires_at: new Date(T + 30 * 60_000).toISOString() })
    expect(idleDeadline()).toBe(T + 35 * 60_000)
  })

  it('does not exist for remembered sessions, or once signed out', () => {
    noteServerDate(new Date(T).toUTCString(), T)
    noteSessionExpiry({ idle_timeout_minutes: null, idle_expires_at: null })
    expect(idleDeadline()).toBeNull()
    noteSessionExpiry({ idle_timeout_minutes: 30, idle_expires_at: new Date(T).toISOString() })
    noteSessionExpiry(null)
    expect(idleDeadline()).toBeNull()
  })

  it('moves back with each request, by what the server surely recorded', () => {
    noteServerDate(new Date(T).toUTCString(), T)
    noteSessionExpiry({ idle_timeout_minutes: 10, idle_expires_at: new Date(T + 10 * 60_000).toISOString() })
    // The server records activity at most once a minute: a request 30 s later guarantees nothing more.
    noteActivity(T + 30_000)
    expect(idleDeadline()).toBe(T + 10 * 60_000)
    noteActivity(T + 5 * 60_000)
    expect(idleDeadline()).toBe(T + 14 * 60_000)
  })

  it('counts down in words a screen reader says without being told every second', () => {
    expect(formatCountdown(119_500)).toBe('2:00')
    expect(formatCountdown(65_000)).toBe('1:05')
    expect(formatCountdown(-5)).toBe('0:00')
    expect(spokenCountdown(119_000)).toBe('2 minutes')
    expect(spokenCountdown(45_000)).toBe('less than a minute')
    expect(spokenCountdown(20_000)).toBe('less than 30 seconds')
    expect(spokenCountdown(3_000)).toBe('a few seconds')
  })
})
