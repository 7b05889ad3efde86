import { describe, expect, it } from 'vitest'
import { grantableRoles } from '@/lib/roles'
import { membership } from '@/lib/test-harness'
import { applyInvitationResults, invitationsRequest, newRow, roleOptions, type InviteRow } from './invite-rows'

function row(email: string, role: InviteRow['role'] = 'member'): InviteRow {
  return { ...newRow(role), email }
}

describe('invite rows', () => {
  it('offers owner only with owners.manage', () => {
    expect(roleOptions(grantableRoles(membership('admin'))).map((o) => o.value)).toEqual(['member', 'admin', 'viewer'])
    expect(roleOptions(grantableRoles(membership('owner'))).map((o) => o.value)).toEqual([
      'member',
      'admin',
      'viewer',
      'owner',
    ])
  })

  it('sends only rows with an address and remembers where each came from', () => {
    const rows = [row(' a@example.org '), row(''), row('b@example.org', 'admin')]
    expect(invitationsRequest(rows)).toEqual({
      body: {
        invitations: [
          { email: 'a@example.org', role: 'member' },
          { email: 'b@example.org', role: 'admin' },
        ],
      },
      rowIndexes: [0, 2],
    })
    expect(invitationsRequest([row(''), row('  ')])).toBeNull()
  })

  it('removes invited rows and puts failures on their row', () => {
    const rows = [row('a@example.org'), row(''), row('b@example.org', 'admin')]
    const { rows: left, invited } = applyInvitationResults(rows, [0, 2], [
      { email: 'a@example.org', outcome: 'invited' },
      { email: 'b@example.org', outcome: 'failed', code: 'already-member', message: 'Already a member.' },
    ])
    expect(invited).toEqual([{ email: 'a@example.org', role: 'member' }])
    expect(left).toHaveLength(1)
    expect(left[0]?.email).toBe('b@example.org')
    expect(left[0]?.error).toBe('Already a member.')
  })

  it('leaves one empty row when everyone was invited', () => {
    const rows = [row('a@example.org')]
    const { rows: left, invited } = applyInvitationResults(rows, [0], [{ email: 'a@example.org', outcome: 'invited' }])
    expect(invited).toHaveLength(1)
    expect(left).toHaveLength(1)
    expect(left[0]?.email).toBe('')
  })
})
