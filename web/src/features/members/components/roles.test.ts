import { membership } from '@/lib/test-harness'
import { canManageMember, grantableRoles, isLastOwner, roleChoices, roleLabel, withArticle } from './roles'

const owner = membership('owner')
const admin = membership('admin')

describe('member roles', () => {
  it('lets owners grant every role and administrators all but owner', () => {
    expect(grantableRoles(owner)).toEqual(['owner', 'admin', 'member', 'viewer'])
    expect(grantableRoles(admin)).toEqual(['admin', 'member', 'viewer'])
    expect(grantableRoles(membership('member'))).toEqual([])
    expect(grantableRoles(membership('viewer'))).toEqual([])
    expect(grantableRoles(undefined)).toEqual([])
  })

  it('reads the permissions, not the role name', () => {
    // Whatever the role is called, members.manage grants the non-owner roles and owners.manage the owner role.
    expect(grantableRoles(membership('admin', { permissions: ['members.manage', 'owners.manage'] }))).toEqual([
      'owner',
      'admin',
      'member',
      'viewer',
    ])
    expect(grantableRoles(membership('owner', { permissions: ['members.manage'] }))).toEqual(['admin', 'member', 'viewer'])
    // owners.manage alone manages nobody.
    expect(grantableRoles(membership('owner', { permissions: ['owners.manage'] }))).toEqual([])
    expect(grantableRoles(membership('owner', { permissions: [] }))).toEqual([])
  })

  it('mirrors who may manage whom', () => {
    expect(canManageMember(owner, 'owner')).toBe(true)
    expect(canManageMember(admin, 'owner')).toBe(false)
    expect(canManageMember(admin, 'admin')).toBe(true)
    expect(canManageMember(admin, 'viewer')).toBe(true)
    expect(canManageMember(membership('member'), 'viewer')).toBe(false)
  })

  it('keeps the last owner an owner', () => {
    const choices = roleChoices(owner, 'owner', 1)
    expect(choices.map((c) => c.value)).toEqual(['owner', 'admin', 'member', 'viewer'])
    expect(choices.filter((c) => c.disabled).map((c) => c.value)).toEqual(['admin', 'member', 'viewer'])
    expect(roleChoices(owner, 'owner', 2).some((c) => c.disabled)).toBe(false)
    expect(roleChoices(owner, 'owner', null).some((c) => c.disabled)).toBe(false)
    expect(isLastOwner('owner', 1)).toBe(true)
    expect(isLastOwner('admin', 1)).toBe(false)
  })

  it('shows administrators no owner option for other members', () => {
    expect(roleChoices(admin, 'member', 2).map((c) => c.value)).toEqual(['admin', 'member', 'viewer'])
  })

  it('names roles in words', () => {
    expect(roleLabel('admin')).toBe('Administrator')
    expect(roleLabel('auditor')).toBe('auditor')
    expect(withArticle('admin')).toBe('an administrator')
    expect(withArticle('viewer')).toBe('a viewer')
  })
})
