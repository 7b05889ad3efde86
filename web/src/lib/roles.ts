import { can, type Membership, type Role } from './session'

/** Every role, most powerful first (for lists; never compared by position). */
export const ROLES: readonly Role[] = ['owner', 'admin', 'member', 'viewer']

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Administrator',
  member: 'Member',
  viewer: 'Viewer',
}

export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string | undefined>)[role] ?? role
}

/**
 * Whether the signed-in person may give, take away or act on `role` (invite, resend, revoke,
 * change to or from it, remove someone holding it). The one place that turns the API's
 * permissions into roles: `members.manage` covers administrators, members and viewers, and the
 * owner role also needs `owners.manage`.
 */
export function mayGrantRole(actor: Membership | null | undefined, role: Role): boolean {
  if (!can(actor, 'members.manage')) return false
  return role !== 'owner' || can(actor, 'owners.manage')
}

/** The roles the signed-in person may give (invitations, role changes), in `ROLES` order. */
export function grantableRoles(actor: Membership | null | undefined): Role[] {
  return ROLES.filter((role) => mayGrantRole(actor, role))
}
