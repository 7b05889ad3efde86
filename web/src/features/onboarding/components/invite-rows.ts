import type { Schemas } from '@/lib/api/client'
import { ROLE_LABELS } from '@/lib/roles'
import type { Role } from '@/lib/session'

export type InviteRole = Role
type InvitationResult = Schemas['InvitationResult']
type CreateInvitationsBody = Schemas['CreateInvitationsRequest']

export interface InviteRow {
  key: string
  email: string
  role: InviteRole
  /** Why the server refused this address, or a local check. */
  error: string | null
}

export interface SentInvitation {
  email: string
  role: string
}

/** The API takes at most 50 addresses per request. */
export const MAX_ROWS = 50

let counter = 0
export function newRow(role: InviteRole = 'member'): InviteRow {
  counter += 1
  return { key: `invite-${counter}`, email: '', role, error: null }
}

/** The order of the role select: the usual choice first. */
const OPTION_ORDER: readonly InviteRole[] = ['member', 'admin', 'viewer', 'owner']

/** The role select's options: the roles the person may invite (`grantableRoles`). */
export function roleOptions(invitable: readonly InviteRole[]): { value: InviteRole; label: string }[] {
  return OPTION_ORDER.filter((role) => invitable.includes(role)).map((value) => ({ value, label: ROLE_LABELS[value] }))
}

export { roleLabel } from '@/lib/roles'

/**
 * The batch request for the rows with an address, and which row each entry came from;
 * null when no row has an address.
 */
export function invitationsRequest(rows: readonly InviteRow[]): { body: CreateInvitationsBody; rowIndexes: number[] } | null {
  const rowIndexes: number[] = []
  const invitations: CreateInvitationsBody['invitations'] = []
  rows.forEach((row, index) => {
    const email = row.email.trim()
    if (email === '') return
    rowIndexes.push(index)
    invitations.push({ email, role: row.role })
  })
  return invitations.length === 0 ? null : { body: { invitations }, rowIndexes }
}

/**
 * Applies the per-address results (in request order): invited rows leave the form, failed
 * rows stay with the server's reason on them. At least one (empty) row always remains.
 */
export function applyInvitationResults(
  rows: readonly InviteRow[],
  rowIndexes: readonly number[],
  results: readonly InvitationResult[],
): { rows: InviteRow[]; invited: SentInvitation[] } {
  const outcome = new Map<number, InvitationResult>()
  rowIndexes.forEach((rowIndex, i) => {
    const result = results[i]
    if (result) outcome.set(rowIndex, result)
  })
  const invited: SentInvitation[] = []
  const remaining: InviteRow[] = []
  rows.forEach((row, index) => {
    const result = outcome.get(index)
    if (!result) {
      // Blank rows are dropped; rows not in the request stay as they were.
      if (row.email.trim() !== '') remaining.push(row)
      return
    }
    if (result.outcome === 'invited') {
      invited.push({ email: result.invitation?.email ?? result.email, role: result.invitation?.role ?? row.role })
    } else {
      remaining.push({ ...row, error: result.message ?? 'This address could not be invited.' })
    }
  })
  return { rows: remaining.length > 0 ? remaining : [newRow()], invited }
}
