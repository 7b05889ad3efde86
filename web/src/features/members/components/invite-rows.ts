import type { Role } from '@/lib/session'
import type { InvitationResult, NewInvitation } from '../api/create-invitations'

export interface InviteRow {
  /** Stable React key for the row. */
  key: string
  email: string
  role: Role
}

export const MAX_INVITATIONS = 50

let counter = 0
export function newRow(role: Role = 'member', email = ''): InviteRow {
  counter += 1
  return { key: `row-${counter}`, email, role }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** A client-side first check; the server has the final word per address. */
export function emailProblem(value: string): string | null {
  const email = value.trim()
  if (!email) return 'Enter an email address.'
  if (!EMAIL.test(email)) return 'Enter a valid email address, like name@example.com.'
  return null
}

/** The request body for the rows (blank rows after the first are ignored by the caller). */
export function toRequest(rows: InviteRow[], accessExpiresAt: string | null): NewInvitation[] {
  return rows.map((row) => ({
    email: row.email.trim(),
    role: row.role,
    access_expires_at: accessExpiresAt,
  }))
}

/** The rows that failed, with their reasons, to correct and send again. */
export function failedRows(rows: InviteRow[], results: InvitationResult[]): { row: InviteRow; reason: string }[] {
  const out: { row: InviteRow; reason: string }[] = []
  results.forEach((result, index) => {
    if (result.outcome !== 'failed') return
    const row = rows[index]
    out.push({
      row: newRow(row?.role ?? 'member', result.email),
      reason: result.message ?? 'This address could not be invited.',
    })
  })
  return out
}

/**
 * Maps the server's `invitations[2].email` field paths to the form's `rows.2.email`.
 */
export function renameInvitationFields(fields: string[]): Record<string, string> {
  const rename: Record<string, string> = {}
  for (const field of fields) {
    const match = /^invitations\[(\d+)\]\.(\w+)$/.exec(field) ?? /^invitations\.(\d+)\.(\w+)$/.exec(field)
    if (match) {
      const name = match[2] === 'access_expires_at' ? 'accessEndsOn' : `rows.${match[1]}.${match[2]}`
      rename[field] = name
    } else if (field === 'invitations') {
      rename[field] = 'rows'
    }
  }
  return rename
}
