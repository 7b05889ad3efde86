// Audit events in words: "Sam Citizen changed a member's role from Member to Administrator".
// One place for every action code the API records; unknown codes still read sensibly.

import { formatDate } from '@/lib/format'

const ROLES: Record<string, string> = {
  owner: 'Owner',
  admin: 'Administrator',
  member: 'Member',
  viewer: 'Viewer',
}

const ROLE_ARTICLES: Record<string, string> = {
  owner: 'an owner',
  admin: 'an administrator',
  member: 'a member',
  viewer: 'a viewer',
}

const STEPS: Record<string, string> = {
  account: 'Account',
  verify_email: 'Verify email',
  organization_details: 'Organisation details',
  branding: 'Branding',
  invite_team: 'Invite your team',
}

const FIELDS: Record<string, string> = {
  name: 'name',
  abn: 'ABN',
  address_line1: 'address',
  address_line2: 'address',
  suburb: 'suburb',
  state: 'state',
  postcode: 'postcode',
  contact_email: 'contact email',
  contact_phone: 'contact phone',
  country: 'country',
  time_zone: 'time zone',
}

const REPORT_KINDS: Record<string, string> = {
  compliance_summary: 'compliance summary',
  audit_log: 'audit log',
}

function text(details: unknown, key: string): string | null {
  if (typeof details !== 'object' || details === null) return null
  const value = (details as Record<string, unknown>)[key]
  if (typeof value === 'string' && value.trim()) return value
  if (typeof value === 'number') return String(value)
  return null
}

function field(details: unknown, key: string): unknown {
  if (typeof details !== 'object' || details === null) return undefined
  return (details as Record<string, unknown>)[key]
}

function role(value: string | null): string {
  return value ? (ROLES[value] ?? value) : 'another role'
}

function withRole(value: string | null): string {
  return value ? (ROLE_ARTICLES[value] ?? `a ${value}`) : 'a member'
}

function quoted(value: string | null, fallback: string): string {
  return value ? `“${value}”` : fallback
}

function changedFields(details: unknown): string {
  const changes = field(details, 'changes')
  const keys = Array.isArray(changes)
    ? changes.filter((k): k is string => typeof k === 'string')
    : typeof changes === 'object' && changes !== null
      ? Object.keys(changes)
      : []
  const names = [...new Set(keys.map((k) => FIELDS[k] ?? k.replace(/_/g, ' ')))]
  if (names.length === 0) return ''
  if (names.length === 1) return ` (${names[0]})`
  return ` (${names.slice(0, -1).join(', ')} and ${names[names.length - 1]})`
}

/**
 * What happened, starting with a lower-case verb, to follow the actor's name:
 * "invited sam@example.org as a member". Unknown actions fall back to their code.
 */
export function describeAction(action: string, details: unknown): string {
  const email = text(details, 'email')
  switch (action) {
    case 'organization.created':
      return `created the organisation${text(details, 'name') ? ` ${quoted(text(details, 'name'), '')}` : ''}`
    case 'organization.updated':
      return `updated the organisation's details${changedFields(details)}`
    case 'organization.deleted': {
      const purge = text(details, 'purge_after')
      return purge
        ? `scheduled the organisation for deletion on ${formatDate(purge)}`
        : 'scheduled the organisation for deletion'
    }
    case 'organization.restored':
      return 'cancelled the deletion of the organisation'
    case 'organization.branding_updated':
      return "changed the organisation's colours"
    case 'organization.logo_updated':
      return 'uploaded a new logo'
    case 'organization.logo_removed':
      return 'removed the logo'
    case 'onboarding.step_skipped': {
      const step = text(details, 'step')
      return step ? `skipped the “${STEPS[step] ?? step}” setup step` : 'skipped a setup step'
    }
    case 'security_policy.updated':
      return 'changed the security policy'
    case 'member.added':
      return text(details, 'via') === 'invitation'
        ? `joined as ${withRole(text(details, 'role'))} by invitation`
        : `joined as ${withRole(text(details, 'role'))}`
    case 'member.role_changed':
      return `changed a member's role from ${role(text(details, 'before'))} to ${role(text(details, 'after'))}`
    case 'member.access_changed': {
      const after = text(details, 'after')
      return after
        ? `set a member's access to end on ${formatDate(after)}`
        : "made a member's access ongoing"
    }
    case 'member.removed':
      return email ? `removed ${email} from the organisation` : 'removed a member from the organisation'
    case 'member.left':
      return 'left the organisation'
    case 'invitation.created':
      return `invited ${email ?? 'someone'} as ${withRole(text(details, 'role'))}`
    case 'invitation.resent':
      return `resent the invitation to ${email ?? 'someone'}`
    case 'invitation.revoked':
      return `revoked the invitation to ${email ?? 'someone'}`
    case 'invitation.accepted':
      return email ? `accepted the invitation sent to ${email}` : 'accepted an invitation'
    case 'user.email_verified':
      return 'verified their email address'
    case 'user.password_reset':
      return 'reset their password'
    case 'api_client.created':
      return `created the API client ${quoted(text(details, 'name'), '')}`.trimEnd()
    case 'api_client.revoked':
      return 'revoked an API client'
    case 'document.uploaded':
      return `uploaded ${quoted(text(details, 'name'), 'a document')}`
    case 'document.viewed':
      return `viewed ${quoted(text(details, 'name'), 'a document')}`
    case 'document.downloaded':
      return `downloaded ${quoted(text(details, 'name'), 'a document')}`
    case 'document.deleted':
      return `deleted ${quoted(text(details, 'name'), 'a document')}`
    case 'compliance_result.created': {
      const standard = text(details, 'standard')
      const status = text(details, 'status')
      return standard
        ? `recorded a compliance result for ${standard}${status ? ` (${status.replace(/_/g, ' ')})` : ''}`
        : 'recorded a compliance result'
    }
    case 'compliance_result.updated': {
      const standard = text(details, 'standard')
      const raw = field(details, 'changes')
      const changes = raw && typeof raw === 'object' ? Object.keys(raw) : []
      const what = changes.map((c) => c.replace(/_on$/, '').replace(/_id$/, '').replace(/_/g, ' ')).join(', ')
      return `edited the compliance result for ${standard ?? 'a standard'}${what ? ` (${what})` : ''}`
    }
    case 'report.requested': {
      const kind = text(details, 'kind')
      if (!kind) return 'requested a report'
      const label = REPORT_KINDS[kind] ?? kind.replace(/_/g, ' ')
      return `requested ${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label} report`
    }
    case 'report.downloaded':
      return 'downloaded a report'
    default:
      return `performed “${action}”`
  }
}

/** The sentence on its own, capitalised: "Invited sam@example.org as a member". */
export function actionSentence(action: string, details: unknown): string {
  const phrase = describeAction(action, details)
  return phrase.charAt(0).toUpperCase() + phrase.slice(1)
}

export interface Actor {
  actor_type: string
  actor_name?: string | null
  actor_email?: string | null
}

/** Who did it, for people: a name, an address, an API client or Vigil itself. */
export function actorLabel(event: Actor): string {
  if (event.actor_name?.trim()) return event.actor_name
  if (event.actor_email?.trim()) return event.actor_email
  if (event.actor_type === 'api_client') return 'An API client'
  if (event.actor_type === 'system') return 'Vigil'
  return 'Someone'
}

/** "Sam Citizen invited pat@example.org as a member." */
export function describeEvent(event: Actor & { action: string; details: unknown }): string {
  return `${actorLabel(event)} ${describeAction(event.action, event.details)}.`
}

/** Choices for the audit log's action filter: groups by prefix, then single actions. */
export const ACTION_FILTERS: { group: string; items: { value: string; label: string }[] }[] = [
  {
    group: 'Areas',
    items: [
      { value: 'member.', label: 'All member changes' },
      { value: 'invitation.', label: 'All invitations' },
      { value: 'organization.', label: 'All organisation changes' },
      { value: 'document.', label: 'All document activity' },
      { value: 'api_client.', label: 'All API client changes' },
      { value: 'report.', label: 'All reports' },
    ],
  },
  {
    group: 'Members',
    items: [
      { value: 'member.added', label: 'Member joined' },
      { value: 'member.role_changed', label: 'Role changed' },
      { value: 'member.access_changed', label: 'Access end changed' },
      { value: 'member.removed', label: 'Member removed' },
      { value: 'member.left', label: 'Member left' },
    ],
  },
  {
    group: 'Invitations',
    items: [
      { value: 'invitation.created', label: 'Invitation sent' },
      { value: 'invitation.resent', label: 'Invitation resent' },
      { value: 'invitation.revoked', label: 'Invitation revoked' },
      { value: 'invitation.accepted', label: 'Invitation accepted' },
    ],
  },
  {
    group: 'Organisation',
    items: [
      { value: 'organization.created', label: 'Organisation created' },
      { value: 'organization.updated', label: 'Details updated' },
      { value: 'organization.branding_updated', label: 'Colours changed' },
      { value: 'organization.logo_updated', label: 'Logo uploaded' },
      { value: 'organization.logo_removed', label: 'Logo removed' },
      { value: 'organization.deleted', label: 'Deletion scheduled' },
      { value: 'organization.restored', label: 'Deletion cancelled' },
      { value: 'security_policy.updated', label: 'Security policy changed' },
      { value: 'onboarding.step_skipped', label: 'Setup step skipped' },
    ],
  },
  {
    group: 'Documents and reports',
    items: [
      { value: 'document.uploaded', label: 'Document uploaded' },
      { value: 'document.viewed', label: 'Document viewed' },
      { value: 'document.downloaded', label: 'Document downloaded' },
      { value: 'document.deleted', label: 'Document deleted' },
      { value: 'compliance_result.created', label: 'Compliance result recorded' },
      { value: 'compliance_result.updated', label: 'Compliance result edited' },
      { value: 'report.requested', label: 'Report requested' },
      { value: 'report.downloaded', label: 'Report downloaded' },
    ],
  },
  {
    group: 'Accounts and API clients',
    items: [
      { value: 'user.email_verified', label: 'Email verified' },
      { value: 'user.password_reset', label: 'Password reset' },
      { value: 'api_client.created', label: 'API client created' },
      { value: 'api_client.revoked', label: 'API client revoked' },
    ],
  },
]
