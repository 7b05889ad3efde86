import { ACTION_FILTERS, actionSentence, actorLabel, describeAction, describeEvent } from './audit-text'

describe('audit events in words', () => {
  it('describes member changes', () => {
    expect(describeAction('member.role_changed', { before: 'member', after: 'admin' })).toBe(
      "changed a member's role from Member to Administrator",
    )
    expect(describeAction('member.removed', { role: 'viewer', email: 'pat@example.org' })).toBe(
      'removed pat@example.org from the organisation',
    )
    expect(describeAction('member.added', { role: 'viewer', via: 'invitation' })).toBe('joined as a viewer by invitation')
    expect(describeAction('member.added', { role: 'owner', via: 'signup' })).toBe('joined as an owner')
    expect(describeAction('member.access_changed', { before: null, after: null })).toBe("made a member's access ongoing")
    expect(describeAction('member.left', {})).toBe('left the organisation')
  })

  it('describes invitations, documents and organisation changes', () => {
    expect(describeAction('invitation.created', { email: 'sam@example.org', role: 'admin' })).toBe(
      'invited sam@example.org as an administrator',
    )
    expect(describeAction('invitation.revoked', { email: 'sam@example.org' })).toBe(
      'revoked the invitation to sam@example.org',
    )
    expect(describeAction('document.uploaded', { name: 'Policy.pdf' })).toBe('uploaded “Policy.pdf”')
    expect(describeAction('document.deleted', {})).toBe('deleted a document')
    expect(
      describeAction('organization.updated', {
        changes: { name: { before: 'A', after: 'B' }, address_line1: {}, address_line2: {}, abn: {} },
      }),
    ).toBe("updated the organisation's details (name, address and ABN)")
    expect(describeAction('organization.created', { name: 'Harbour View' })).toBe('created the organisation “Harbour View”')
    expect(describeAction('onboarding.step_skipped', { step: 'invite_team' })).toBe(
      'skipped the “Invite your team” setup step',
    )
    expect(describeAction('report.requested', { kind: 'audit_log' })).toBe('requested an audit log report')
    expect(describeAction('report.requested', { kind: 'compliance_summary' })).toBe('requested a compliance summary report')
    expect(describeAction('report.requested', {})).toBe('requested a report')
  })

  it('falls back to the code for unknown actions and odd details', () => {
    expect(describeAction('widget.frobbed', {})).toBe('performed “widget.frobbed”')
    expect(describeAction('invitation.created', null)).toBe('invited someone as a member')
    expect(describeAction('member.role_changed', 'nonsense')).toBe(
      "changed a member's role from another role to another role",
    )
  })

  it('names the actor and builds sentences', () => {
    expect(actorLabel({ actor_type: 'user', actor_name: 'Sam Citizen' })).toBe('Sam Citizen')
    expect(actorLabel({ actor_type: 'user', actor_name: null, actor_email: 'sam@example.org' })).toBe('sam@example.org')
    expect(actorLabel({ actor_type: 'api_client' })).toBe('An API client')
    expect(actorLabel({ actor_type: 'system' })).toBe('Vigil')
    expect(actionSentence('member.left', {})).toBe('Left the organisation')
    expect(
      describeEvent({ actor_type: 'user', actor_name: 'Sam Citizen', action: 'invitation.resent', details: { email: 'a@b.co' } }),
    ).toBe('Sam Citizen resent the invitation to a@b.co.')
  })

  it('offers every action it knows as a filter', () => {
    const values = ACTION_FILTERS.flatMap((g) => g.items.map((i) => i.value))
    expect(new Set(values).size).toBe(values.length)
    for (const value of values.filter((v) => !v.endsWith('.'))) {
      expect(describeAction(value, {})).not.toMatch(/^performed/)
    }
  })
})

describe('compliance result edits', () => {
  it('say which fields changed, never the notes themselves', () => {
    expect(
      describeAction('compliance_result.updated', {
        standard: 'NSQHS-3',
        changes: { status: { from: 'non_compliant', to: 'compliant' }, review_due_on: { from: null, to: '2027-01-01' }, notes: { changed: true } },
      }),
    ).toBe('edited the compliance result for NSQHS-3 (status, review due, notes)')
  })
})
