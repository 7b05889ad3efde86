/** A light check before asking the server, which has the real rules. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim())
}

export const CAPTCHA_NOT_READY =
  "The security check has not finished. Wait until it shows “Verified” (tick “I'm not a robot” if it failed), then try again."

/** Input descriptions in a colour that meets WCAG AA on white (Mantine's "dimmed" does not). */
export const READABLE_DESCRIPTION = { description: { color: 'var(--mantine-color-gray-7)' } } as const
