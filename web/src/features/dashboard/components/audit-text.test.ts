import type { Schemas } from '@/lib/api/client'
import { ACTION_FILTERS, ACTION_NAMES, actionSentence, actorLabel, describeAction, describeEvent } from './audit-text'

type AuditAction = Schemas['AuditAction']

describe('audit events in words', () => {
  it('describes member changes', () => {
    expect(describeAction({ action: 'member.role_changed', details: { before: 'member', after: 'admin' } })).toBe(
      "changed a member's role from Member to Administrator",
    )
    expect(describeAction({ action: 'member.removed', details: { role: 'viewer', email: 'pat@example.org' } })).toBe(
      'removed pat@example.org from the organisation',
    )
    expect(describeAction({ action: 'member.added', details: { role: 'viewer', via: 'invitation' } })).toBe(
      'joined as a viewer by invitation',
    )
    expect(describeAction({ action: 'member.added', details: { role: 'owner', via: 'signup' } })).toBe('joined as an owner')
    expect(describeAction({ action: 'member.access_changed', details: { before: null, after: null } })).toBe(
      "made a member's access ongoing",
    )
    expect(describeAction({ action: 'member.left', details: { role: 'member', email: 'a@b.co' } })).toBe(
      'left the organisation',
    )
  })

  it('describes invitations, documents and organisation changes', () => {
    expect(describeAction({ action: 'invitation.created', details: { email: 'sam@example.org', role: 'admin' } })).toBe(
      'invited sam@example.org as an administrator',
    )
    expect(describeAction({ action: 'invitation.revoked', details: { email: 'sam@example.org' } })).toBe(
      'revoked the invitation to sam@example.org',
    )
    expect(
      describeAction({
        action: 'document.uploaded',
        details: { name: 'Policy.pdf', kind: 'pdf', size_bytes: 10, sha256: 'ab' },
      }),
    ).toBe('uploaded “Policy.pdf”')
    expect(describeAction({ action: 'document.deleted', details: { name: ' ', sha256: 'ab' } })).toBe('deleted a document')
    const change = { before: 'A', after: 'B' }
    expect(
      describeAction({
        action: 'organization.updated',
        details: { changes: { name: change, address_line1: change, address_line2: change, abn: change } },
      }),
    ).toBe("updated the organisation's details (name, address and ABN)")
    expect(describeAction({ action: 'organization.created', details: { name: 'Harbour View', slug: 'harbour-view' } })).toBe(
      'created the organisation “Harbour View”',
    )
    expect(describeAction({ action: 'onboarding.step_skipped', details: { step: 'invite_team' } })).toBe(
      'skipped the “Invite your team” setup step',
    )
    expect(describeAction({ action: 'report.requested', details: { kind: 'audit_log' } })).toBe(
      'requested an audit log report',
    )
    expect(describeAction({ action: 'report.requested', details: { kind: 'compliance_summary' } })).toBe(
      'requested a compliance summary report',
    )
  })

  it('describes imports and sample data', () => {
    expect(
      describeAction({
        action: 'legacy_import.completed',
        details: {
          source: 'f1',
          file: 'vigil.db',
          users: 1,
          accounts_created: 1,
          accounts_linked: 0,
          documents: 3,
          bytes: 100,
          compliance_results: 2,
          previously_imported: { users: 0, documents: 0, compliance_results: 0 },
        },
      }),
    ).toBe('imported the single-user database “vigil.db” (1 user, 3 documents, 2 compliance results)')
    expect(
      describeAction({
        action: 'seed.completed',
        details: { users: 5, invitations: 1, documents: 1, compliance_results: 0 },
      }),
    ).toBe('filled the organisation with sample data (5 members, 1 document)')
  })

  it('says when the server could not read a stored event', () => {
    expect(
      describeAction({ action: 'unreadable', details: { action: 'member.role_changed', details: { forged: true } } }),
    ).toBe('recorded “member.role_changed”, which this version cannot read (it may have been edited: check the chain)')
  })

  it('reads an action from a newer server as its code', () => {
    const fromTheFuture = { action: 'widget.frobbed', details: {} } as unknown as AuditAction
    expect(describeAction(fromTheFuture)).toBe('performed “widget.frobbed”')
  })

  it('names the actor and builds sentences', () => {
    expect(actorLabel({ actor_type: 'user', actor_name: 'Sam Citizen' })).toBe('Sam Citizen')
    expect(actorLabel({ actor_type: 'user', actor_name: null, actor_email: 'sam@example.org' })).toBe('sam@example.org')
    expect(actorLabel({ actor_type: 'api_client' })).toBe('An API client')
    expect(actorLabel({ actor_type: 'system' })).toBe('Vigil')
    expect(actionSentence({ action: 'user.password_reset', details: {} })).toBe('Reset their password')
    expect(actionSentence({ action: 'user.passkey_added', details: { name: 'Ward tablet' } })).toBe('Added the passkey “Ward tablet”')
    expect(actionSentence({ action: 'user.passkey_removed', details: { name: 'Ward tablet' } })).toBe('Removed the passkey “Ward tablet”')
    expect(actionSentence({ action: 'user.stepped_up', details: { method: 'passkey' } })).toBe(
      'Confirmed it was them with their passkey before a sensitive action',
    )
    expect(
      describeEvent({
        actor_type: 'user',
        actor_name: 'Sam Citizen',
        action: 'invitation.resent',
        details: { email: 'a@b.co' },
      }),
    ).toBe('Sam Citizen resent the invitation to a@b.co.')
  })

  it('offers every action as a filter, once', () => {
    const values = ACTION_FILTERS.flatMap((g) => g.items.map((i) => i.value))
    expect(new Set(values).size).toBe(values.length)
    expect(values.filter((v) => !v.endsWith('.')).sort()).toEqual([...ACTION_NAMES].sort())
  })
})

describe('compliance result edits', () => {
  it('say which fields changed, never the notes themselves', () => {
    expect(
      describeAction({
        action: 'compliance_result.updated',
        details: {
          document_id: '00000000-0000-0000-0000-000000000000',
          standard: 'NSQHS-3',
          changes: {
            status: { before: 'non_compliant', after: 'compliant' },
            review_due_on: { before: null, after: '2027-01-01' },
            notes: { changed: true },
          },
        },
      }),
    ).toBe('edited the compliance result for NSQHS-3 (status, review due, notes)')
  })
})
