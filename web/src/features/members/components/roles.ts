import { grantableRoles, mayGrantRole, ROLE_LABELS, ROLES, roleLabel } from '@/lib/roles'
import type { Membership, Role } from '@/lib/session'

export { grantableRoles, mayGrantRole, ROLE_LABELS, ROLES, roleLabel }

/** Whether the signed-in person may change or remove this member (the API's rule). */
export function canManageMember(actor: Membership | null | undefined, target: Role): boolean {
  return mayGrantRole(actor, target)
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
export function roleChoices(actor: Membership | null | undefined, target: Role, ownerCount: number | null): RoleChoice[] {
  const grantable = grantableRoles(actor)
  const lastOwner = isLastOwner(target, ownerCount)
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
