/**
 * Where to go after signing in: the `next` parameter when it is a path on this site, else `/`.
 * Refuses absolute URLs, protocol-relative `//host` and `/\host` (browsers treat `\` as `/`),
 * and anything with control characters, so a crafted link cannot send people elsewhere.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next) return '/'
  if (!next.startsWith('/')) return '/'
  if (next.startsWith('//') || next.startsWith('/\\')) return '/'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(next)) return '/'
  try {
    const base = 'https://vigil.invalid'
    const url = new URL(next, base)
    if (url.origin !== base) return '/'
    const path = `${url.pathname}${url.search}${url.hash}`
    return path.startsWith('//') ? '/' : path
  } catch {
    return '/'
  }
}
