// Every date and number the app shows goes through these, in the people's locale: Australian
// English ("5 Jan 2026, 2:30 pm", "1,234"), whatever language the browser is set to.
const LOCALE = 'en-AU'
const dateTime = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' })
const date = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium' })
const count = new Intl.NumberFormat(LOCALE)

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—'
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? date.format(new Date(iso)) : '—'
}

/** A calendar day from the API (YYYY-MM-DD, no time of day), as that same day in any time zone. */
export function formatDay(day: string | null | undefined): string {
  return day ? date.format(new Date(`${day}T00:00:00`)) : '—'
}

export function formatCount(value: number): string {
  return count.format(value)
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

/** Names as a sentence lists them: "A", "A and B", "A, B and C". */
export function formatList(names: string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}
