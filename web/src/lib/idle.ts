// When a session without "remember me" ends for want of activity, on this browser's clock.
// The session response says when (`idle_expires_at`, on the server's clock: converted with the
// `Date` header, so a wrong client clock does not matter); every later API response pushes it
// back, as any request counts as activity on the server.

/** How long before the idle sign-out the warning appears. */
export const WARN_BEFORE_MS = 2 * 60_000

// The server records activity at most once a minute: a request only guarantees this much.
const RECORDED_EVERY_MS = 60_000
const STORAGE_KEY = 'vigil:idle-deadline'

interface IdleSession {
  idle_timeout_minutes?: number | null
  idle_expires_at?: string | null
}

let deadline: number | null = null
let windowMs: number | null = null
let serverSkewMs = 0
const listeners = new Set<() => void>()

function publish(next: number | null): void {
  if (next === deadline) return
  deadline = next
  try {
    if (next === null) window.localStorage.removeItem(STORAGE_KEY)
    else window.localStorage.setItem(STORAGE_KEY, String(next))
  } catch {
    // Storage can be unavailable (private modes); other tabs then simply do not hear of it.
  }
  for (const listener of listeners) listener()
}

/** The server's clock minus this browser's, from a response's `Date` header. */
export function noteServerDate(header: string | null, receivedAt = Date.now()): void {
  const server = header ? Date.parse(header) : Number.NaN
  if (!Number.isNaN(server)) serverSkewMs = server - receivedAt
}

/** A session as the API just described it (null: signed out). */
export function noteSessionExpiry(session: IdleSession | null): void {
  const at = session?.idle_expires_at ? Date.parse(session.idle_expires_at) : Number.NaN
  if (!session || Number.isNaN(at) || !session.idle_timeout_minutes) {
    windowMs = null
    publish(null)
    return
  }
  windowMs = session.idle_timeout_minutes * 60_000
  publish(at - serverSkewMs)
}

/** An API request at `at` reached the server with the session: it counted as activity. */
export function noteActivity(at = Date.now()): void {
  if (deadline === null || windowMs === null) return
  const earliest = at + windowMs - RECORDED_EVERY_MS
  if (earliest > deadline) publish(earliest)
}

/** When the session ends without activity (this browser's clock), or null when it does not. */
export function idleDeadline(): number | null {
  return deadline
}

export function subscribeIdle(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

// Activity in another tab of the same session pushes the deadline back here too.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY || !event.newValue || deadline === null) return
    const theirs = Number(event.newValue)
    if (Number.isFinite(theirs) && theirs > deadline) {
      deadline = theirs
      for (const listener of listeners) listener()
    }
  })
}

/** "1:05" for 65 000 ms. */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/** What a screen reader hears, coarsely, so it is not told every second. */
export function spokenCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  if (seconds > 60) return `${Math.ceil(seconds / 60)} minutes`
  if (seconds > 30) return 'less than a minute'
  if (seconds > 10) return 'less than 30 seconds'
  return 'a few seconds'
}

// The last keyboard or pointer input on this page: polling stops when nobody is there, so
// background refreshes never keep an unattended session alive.
let lastInputAt = Date.now()
if (typeof window !== 'undefined') {
  const note = () => {
    lastInputAt = Date.now()
  }
  window.addEventListener('pointerdown', note, { capture: true, passive: true })
  window.addEventListener('keydown', note, { capture: true, passive: true })
}

/**
 * A refetch interval for lists that change under the person's eyes (members after an invitee
 * accepts): `ms` while someone used the page within the last two minutes, none otherwise.
 */
export function whileAttended(ms: number): () => number | false {
  return () => (Date.now() - lastInputAt < 2 * 60_000 ? ms : false)
}
