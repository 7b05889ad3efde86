import type { InvitationResult } from '../api/create-invitations'
import { emailProblem, failedRows, newRow, renameInvitationFields, toRequest } from './invite-rows'

describe('invite rows', () => {
  it('checks addresses before sending', () => {
    expect(emailProblem('')).toMatch(/Enter an email/)
    expect(emailProblem('sam')).toMatch(/valid email/)
    expect(emailProblem(' sam@example.org ')).toBeNull()
  })

  it('builds the request in row order with the shared access end', () => {
    const rows = [newRow('member', ' a@example.org '), newRow('viewer', 'b@example.org')]
    expect(toRequest(rows, '2026-01-01T12:59:59.000Z')).toEqual([
      { email: 'a@example.org', role: 'member', access_expires_at: '2026-01-01T12:59:59.000Z' },
      { email: 'b@example.org', role: 'viewer', access_expires_at: '2026-01-01T12:59:59.000Z' },
    ])
  })

  it('keeps the failed rows with their roles and reasons', () => {
    const rows = [newRow('member', 'a@example.org'), newRow('admin', 'b@example.org')]
    const results: InvitationResult[] = [
      { email: 'a@example.org', outcome: 'invited' },
      { email: 'b@example.org', outcome: 'failed', code: 'already-member', message: 'This person is already a member.' },
    ]
    const failed = failedRows(rows, results)
    expect(failed).toHaveLength(1)
    expect(failed[0]?.row.email).toBe('b@example.org')
    expect(failed[0]?.row.role).toBe('admin')
    expect(failed[0]?.reason).toBe('This person is already a member.')
  })

  it('maps server field paths to form fields', () => {
    expect(renameInvitationFields(['invitations[2].email', 'invitations', 'invitations[0].access_expires_at'])).toEqual({
      'invitations[2].email': 'rows.2.email',
      invitations: 'rows',
      'invitations[0].access_expires_at': 'accessEndsOn',
    })
  })
})
