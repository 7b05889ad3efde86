/** IANA time zones for a picker: Australian zones first, then the rest, always including `current`. */
export function timeZoneOptions(current: string, all: string[] = supportedTimeZones()): string[] {
  const zones = new Set(all)
  if (current) zones.add(current)
  const list = [...zones]
  const australian = list.filter((zone) => zone.startsWith('Australia/')).sort()
  const others = list.filter((zone) => !zone.startsWith('Australia/')).sort()
  return [...australian, ...others]
}

function supportedTimeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return ['Australia/Adelaide', 'Australia/Brisbane', 'Australia/Darwin', 'Australia/Hobart', 'Australia/Melbourne', 'Australia/Perth', 'Australia/Sydney', 'UTC']
  }
}
