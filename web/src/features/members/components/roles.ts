import { hasRole, type Role } from '@/lib/session'

export const ROLES: Role[] = ['owner', 'admin', 'member', 'viewer']

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Administrator',
  member: 'Member',
  viewer: 'Viewer',
}

export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string | undefined>)[role] ?? role
}

/** Roles the signed-in person may give (invitations, role changes): only owners grant owner. */
export function grantableRoles(actor: string | undefined): Role[] {
  if (actor === 'owner') return ROLES
  if (hasRole(actor, 'admin')) return ROLES.filter((role) => role !== 'owner')
  return []
}

/** Whether the signed-in person may change or remove this member (the API's rule). */
export function canManageMember(actor: string | undefined, target: Role): boolean {
  if (!hasRole(actor, 'admin')) return false
  return target !== 'owner' || actor === 'owner'
}

export interface RoleChoice {
  value: Role
  label: string
  disabled?: boolean
}

/**
 * The choices in a member's role select. The sole owner cannot stop being an owner
 * (`ownerCount` 1): the other roles are shown but disabled.
 */
export function roleChoices(actor: string | undefined, target: Role, ownerCount: number | null): RoleChoice[] {
  const grantable = grantableRoles(actor)
  const lastOwner = target === 'owner' && ownerCount !== null && ownerCount <= 1
  return ROLES.filter((role) => grantable.includes(role) || role === target).map((role) => ({
    value: role,
    label: ROLE_LABELS[role],
    disabled: lastOwner && role !== 'owner' ? true : undefined,
  }))
}

/** Whether this member is the organisation's only owner (cannot be demoted or removed). */
export function isLastOwner(target: Role, ownerCount: number | null): boolean {
  return target === 'owner' && ownerCount !== null && ownerCount <= 1
}

/** "a member", "an administrator". */
export function withArticle(role: string): string {
  const label = roleLabel(role).toLowerCase()
  return /^[aeiou]/.test(label) ? `an ${label}` : `a ${label}`
}
