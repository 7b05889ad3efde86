// Converting between `<input type="date">` values (YYYY-MM-DD, the person's local calendar
// day) and the RFC 3339 instants the API takes and returns.

const DATE_VALUE = /^(\d{4})-(\d{2})-(\d{2})$/

function parts(value: string): [number, number, number] | null {
  const match = DATE_VALUE.exec(value.trim())
  if (!match) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const probe = new Date(year, month - 1, day)
  // Rejects 2025-02-31 and the like, which Date would roll over silently.
  if (probe.getFullYear() !== year || probe.getMonth() !== month - 1 || probe.getDate() !== day) {
    return null
  }
  return [year, month, day]
}

/** Whether the value is a real calendar date in YYYY-MM-DD form. */
export function isDateInputValue(value: string): boolean {
  return parts(value) !== null
}

/** The first instant of the local day (for "from" filters); null when not a date. */
export function startOfDayIso(value: string): string | null {
  const p = parts(value)
  return p ? new Date(p[0], p[1] - 1, p[2]).toISOString() : null
}

/** The first instant of the following local day (for exclusive "to" filters). */
export function startOfNextDayIso(value: string): string | null {
  const p = parts(value)
  return p ? new Date(p[0], p[1] - 1, p[2] + 1).toISOString() : null
}

/** The last second of the local day (for "access ends on" dates). */
export function endOfDayIso(value: string): string | null {
  const p = parts(value)
  return p ? new Date(p[0], p[1] - 1, p[2], 23, 59, 59).toISOString() : null
}

/** The local calendar day of an instant, as an `<input type="date">` value. */
export function toDateInputValue(date: Date | string): string {
  const d = typeof date === 'string' ? new Date(date) : date
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** Today's local date plus `days`, as an `<input type="date">` value. */
export function dateInputDaysFromNow(days: number, now: Date = new Date()): string {
  return toDateInputValue(new Date(now.getFullYear(), now.getMonth(), now.getDate() + days))
}
