// Only an organisation's own pages: a crafted link cannot send people elsewhere.
const BACK = /^\/organizations\/[0-9a-f-]{36}(\/[\w/-]*)?(\?[\w=&%.-]*)?$/

/**
 * Where the person came from when an organisation sent them here to set up a passkey or
 * two-step verification (`?back=`), if it is one of its pages.
 */
export function backPath(value: string | null): string | null {
  return value !== null && BACK.test(value) ? value : null
}
