import { idleDeadline, noteServerDate, noteSessionExpiry } from '../idle'
import { api } from './client'

const T = Date.parse('2030-01-01T10:00:00Z')

describe('activity noted from API responses', () => {
  afterEach(() => {
    vi.useRealTimers()
    noteServerDate(new Date(T).toUTCString(), T)
    noteSessionExpiry(null)
  })

  it('counts from when the request was sent, so a late answer does not look like recent use', async () => {
    vi.useFakeTimers({ now: T, toFake: ['Date'] })
    noteServerDate(new Date(T).toUTCString(), T)
    noteSessionExpiry({ idle_timeout_minutes: 30, idle_expires_at: new Date(T + 30 * 60_000).toISOString() })
    // Sent at T + 5 min; the answer (dated by the server when it got the request) arrives 20
    // minutes later, as after a laptop slept with the request in flight.
    vi.setSystemTime(T + 5 * 60_000)
    const slow = (request: Request) => {
      expect(request.url).toContain('/api/v1/auth/session')
      vi.setSystemTime(T + 25 * 60_000)
      return Promise.resolve(
        new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json', Date: new Date(T + 5 * 60_000).toUTCString() } }),
      )
    }
    await api.GET('/api/v1/auth/session', { fetch: slow })
    // The server recorded the use at T + 5 min at the latest one minute before: 34 min, not 54.
    expect(idleDeadline()).toBe(T + 34 * 60_000)
  })
})
