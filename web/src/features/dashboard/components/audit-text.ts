// Audit events in words: "Sam Citizen changed a member's role from Member to Administrator".
// One place for every action the API records, typed by the API's own union.

import type { Schemas } from '@/lib/api/client'
import { formatDate, formatList } from '@/lib/format'

type AuditAction = Schemas['AuditAction']

const ROLES: Record<Schemas['Role'], string> = {
  owner: 'Owner',
  admin: 'Administrator',
  member: 'Member',
  viewer: 'Viewer',
}

const ROLE_ARTICLES: Record<Schemas['Role'], string> = {
  owner: 'an owner',
  admin: 'an administrator',
  member: 'a member',
  viewer: 'a viewer',
}

const STEPS: Record<Schemas['SkippableStep'], string> = {
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

const REPORT_KINDS: Record<Schemas['ReportKind'], string> = {
  compliance_summary: 'compliance summary',
  audit_log: 'audit log',
}

type Role = Schemas['Role']
type FieldChanges = Record<string, Schemas['FieldChange']>

/** Every action the API records (the union's discriminant). */
export type AuditActionName = AuditAction['action']

function role(value: Role): string {
  return ROLES[value] ?? value
}

function withRole(value: Role): string {
  return ROLE_ARTICLES[value] ?? `a ${value}`
}

type AuthMethod = Schemas['AuthMethod']

/** How someone proved who they are, as the end of "confirmed it was them …". */
const STEP_UP_PROOF: Record<AuthMethod, string> = {
  password: 'with their password',
  password_totp: 'with their password and an authenticator code',
  password_recovery_code: 'with their password and a recovery code',
  password_passkey: 'with their password and a passkey',
  passkey: 'with their passkey',
}

function quoted(value: string, fallback: string): string {
  return value.trim() ? `“${value}”` : fallback
}

function listed(names: string[]): string {
  const unique = [...new Set(names)]
  return unique.length === 0 ? '' : ` (${formatList(unique)})`
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}

function changedFields(changes: FieldChanges): string {
  return listed(Object.keys(changes).map((k) => FIELDS[k] ?? k.replace(/_/g, ' ')))
}

function changedResultFields(changes: FieldChanges): string {
  const what = Object.keys(changes).map((c) => c.replace(/_on$/, '').replace(/_id$/, '').replace(/_/g, ' '))
  return what.length ? ` (${what.join(', ')})` : ''
}

function unreachable(event: never): string {
  // Only reachable when the server is newer than this app.
  return `performed “${(event as { action: string }).action}”`
}

/**
 * What happened, starting with a lower-case verb, to follow the actor's name:
 * "invited sam@example.org as a member". The switch is exhaustive: a new action in the API's
 * union fails the type check until it is described here.
 */
export function describeAction(event: AuditAction): string {
  switch (event.action) {
    case 'organization.created':
      return `created the organisation ${quoted(event.details.name, '')}`.trimEnd()
    case 'organization.updated':
      return `updated the organisation's details${changedFields(event.details.changes)}`
    case 'organization.deleted':
      return `scheduled the organisation for deletion on ${formatDate(event.details.purge_after)}`
    case 'organization.restored':
      return 'cancelled the deletion of the organisation'
    case 'organization.branding_updated':
      return "changed the organisation's colours"
    case 'organization.logo_updated':
      return 'uploaded a new logo'
    case 'organization.logo_removed':
      return 'removed the logo'
    case 'onboarding.step_skipped':
      return `skipped the “${STEPS[event.details.step] ?? event.details.step}” setup step`
    case 'security_policy.updated':
      return 'changed the security policy'
    case 'member.added':
      return event.details.via === 'invitation'
        ? `joined as ${withRole(event.details.role)} by invitation`
        : `joined as ${withRole(event.details.role)}`
    case 'member.role_changed':
      return `changed a member's role from ${role(event.details.before)} to ${role(event.details.after)}`
    case 'member.access_changed':
      return event.details.after
        ? `set a member's access to end on ${formatDate(event.details.after)}`
        : "made a member's access ongoing"
    case 'member.removed':
      return `removed ${event.details.email} from the organisation`
    case 'member.left':
      return 'left the organisation'
    case 'invitation.created':
      return `invited ${event.details.email} as ${withRole(event.details.role)}`
    case 'invitation.resent':
      return `resent the invitation to ${event.details.email}`
    case 'invitation.revoked':
      return `revoked the invitation to ${event.details.email}`
    case 'invitation.accepted':
      return `accepted the invitation sent to ${event.details.email}`
    case 'user.email_verified':
      return 'verified their email address'
    case 'user.password_reset':
      return 'reset their password'
    case 'user.passkey_added':
      return `added the passkey ${quoted(event.details.name, '')}`.trimEnd()
    case 'user.passkey_removed':
      return `removed the passkey ${quoted(event.details.name, '')}`.trimEnd()
    case 'user.stepped_up':
      return `confirmed it was them ${STEP_UP_PROOF[event.details.method]} before a sensitive action`
    case 'api_client.created':
      return `created the API client ${quoted(event.details.name, '')}`.trimEnd()
    case 'api_client.revoked':
      return 'revoked an API client'
    case 'document.uploaded':
      return `uploaded ${quoted(event.details.name, 'a document')}`
    case 'document.viewed':
      return `viewed ${quoted(event.details.name, 'a document')}`
    case 'document.downloaded':
      return `downloaded ${quoted(event.details.name, 'a document')}`
    case 'document.deleted':
      return `deleted ${quoted(event.details.name, 'a document')}`
    case 'compliance_result.created':
      return `recorded a compliance result for ${event.details.standard} (${event.details.status.replace(/_/g, ' ')})`
    case 'compliance_result.updated':
      return `edited the compliance result for ${event.details.standard}${changedResultFields(event.details.changes)}`
    case 'report.requested': {
      const label = REPORT_KINDS[event.details.kind] ?? event.details.kind.replace(/_/g, ' ')
      return `requested ${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label} report`
    }
    case 'report.downloaded':
      return 'downloaded a report'
    case 'seed.completed':
      return `filled the organisation with sample data (${plural(event.details.users, 'member')}, ${plural(event.details.documents, 'document')})`
    case 'legacy_import.completed':
      return `imported the single-user database ${quoted(event.details.file, '')} (${plural(event.details.users, 'user')}, ${plural(event.details.documents, 'document')}, ${plural(event.details.compliance_results, 'compliance result')})`
    case 'unreadable':
      return `recorded “${event.details.action}”, which this version cannot read (it may have been edited: check the chain)`
    default:
      return unreachable(event)
  }
}

/** The sentence on its own, capitalised: "Invited sam@example.org as a member". */
export function actionSentence(event: AuditAction): string {
  const phrase = describeAction(event)
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
export function describeEvent(event: Actor & AuditAction): string {
  return `${actorLabel(event)} ${describeAction(event)}.`
}

/** The audit log's name for each action (exhaustive: a new action fails the type check). */
const ACTION_LABELS: Record<Exclude<AuditActionName, 'unreadable'>, string> = {
  'member.added': 'Member joined',
  'member.role_changed': 'Role changed',
  'member.access_changed': 'Access end changed',
  'member.removed': 'Member removed',
  'member.left': 'Member left',
  'invitation.created': 'Invitation sent',
  'invitation.resent': 'Invitation resent',
  'invitation.revoked': 'Invitation revoked',
  'invitation.accepted': 'Invitation accepted',
  'organization.created': 'Organisation created',
  'organization.updated': 'Details updated',
  'organization.branding_updated': 'Colours changed',
  'organization.logo_updated': 'Logo uploaded',
  'organization.logo_removed': 'Logo removed',
  'organization.deleted': 'Deletion scheduled',
  'organization.restored': 'Deletion cancelled',
  'security_policy.updated': 'Security policy changed',
  'onboarding.step_skipped': 'Setup step skipped',
  'document.uploaded': 'Document uploaded',
  'document.viewed': 'Document viewed',
  'document.downloaded': 'Document downloaded',
  'document.deleted': 'Document deleted',
  'compliance_result.created': 'Compliance result recorded',
  'compliance_result.updated': 'Compliance result edited',
  'report.requested': 'Report requested',
  'report.downloaded': 'Report downloaded',
  'user.email_verified': 'Email verified',
  'user.password_reset': 'Password reset',
  'user.passkey_added': 'Passkey added',
  'user.passkey_removed': 'Passkey removed',
  'user.stepped_up': 'Identity confirmed (step-up)',
  'api_client.created': 'API client created',
  'api_client.revoked': 'API client revoked',
  'seed.completed': 'Sample data added',
  'legacy_import.completed': 'Single-user data imported',
}

const ACTION_GROUPS: { group: string; actions: (keyof typeof ACTION_LABELS)[] }[] = [
  {
    group: 'Members',
    actions: [
      'member.added',
      'member.role_changed',
      'member.access_changed',
      'member.removed',
      'member.left',
    ],
  },
  {
    group: 'Invitations',
    actions: [
      'invitation.created',
      'invitation.resent',
      'invitation.revoked',
      'invitation.accepted',
    ],
  },
  {
    group: 'Organisation',
    actions: [
      'organization.created',
      'organization.updated',
      'organization.branding_updated',
      'organization.logo_updated',
      'organization.logo_removed',
      'organization.deleted',
      'organization.restored',
      'security_policy.updated',
      'onboarding.step_skipped',
    ],
  },
  {
    group: 'Documents and reports',
    actions: [
      'document.uploaded',
      'document.viewed',
      'document.downloaded',
      'document.deleted',
      'compliance_result.created',
      'compliance_result.updated',
      'report.requested',
      'report.downloaded',
    ],
  },
  {
    group: 'Accounts and API clients',
    actions: [
      'user.email_verified',
      'user.password_reset',
      'user.passkey_added',
      'user.passkey_removed',
      'user.stepped_up',
      'api_client.created',
      'api_client.revoked',
    ],
  },
  {
    group: 'Imports',
    actions: [
      'legacy_import.completed',
      'seed.completed',
    ],
  },
]

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
  ...ACTION_GROUPS.map(({ group, actions }) => ({
    group,
    items: actions.map((value) => ({ value, label: ACTION_LABELS[value] })),
  })),
]

/** Every action the API can record, for tests and filters. */
export const ACTION_NAMES = Object.keys(ACTION_LABELS) as (keyof typeof ACTION_LABELS)[]
