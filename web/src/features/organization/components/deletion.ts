/** What the app remembers about an organisation it just deleted, to offer restoring it. */
export interface DeletionNotice {
  name: string
  purgeAfter: string
}

const PREFIX = 'vigil:deleted-organization:'

/** The confirm button unlocks only when the name is typed exactly (surrounding spaces aside). */
export function canConfirmDeletion(typed: string, name: string): boolean {
  return name.length > 0 && typed.trim() === name.trim()
}

export function parseDeletionNotice(value: unknown): DeletionNotice | null {
  if (typeof value !== 'object' || value === null) return null
  const { name, purgeAfter } = value as { name?: unknown; purgeAfter?: unknown }
  if (typeof name !== 'string' || typeof purgeAfter !== 'string') return null
  if (Number.isNaN(Date.parse(purgeAfter))) return null
  return { name, purgeAfter }
}

export function saveDeletionNotice(orgId: string, notice: DeletionNotice): void {
  try {
    window.sessionStorage.setItem(PREFIX + orgId, JSON.stringify(notice))
  } catch {
    // Storage may be unavailable (private mode); the notice then lives in the navigation state only.
  }
}

export function readDeletionNotice(orgId: string): DeletionNotice | null {
  try {
    const raw = window.sessionStorage.getItem(PREFIX + orgId)
    return raw ? parseDeletionNotice(JSON.parse(raw)) : null
  } catch {
    return null
  }
}

export function clearDeletionNotice(orgId: string): void {
  try {
    window.sessionStorage.removeItem(PREFIX + orgId)
  } catch {
    // Nothing to clear.
  }
}
