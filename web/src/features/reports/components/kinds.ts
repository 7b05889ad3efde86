import type { Membership } from '@/lib/session'
import { can } from '@/lib/session'
import type { ReportKind } from '../api/reports'

export interface KindInfo {
  kind: ReportKind
  title: string
  description: string
}

const KINDS: readonly KindInfo[] = [
  {
    kind: 'compliance_summary',
    title: 'Compliance summary',
    description: 'The latest result for each document and standard, as a spreadsheet (CSV) for auditors and boards.',
  },
  {
    kind: 'audit_log',
    title: 'Audit log export',
    description: 'Every recorded action in the organisation, with who did it and when (CSV).',
  },
]

/** The kinds this person may ask for: the audit log only for those who may read it (as the API rules). */
export function offeredKinds(membership: Membership | null | undefined): KindInfo[] {
  if (!can(membership, 'reports.create')) return []
  return KINDS.filter((k) => k.kind !== 'audit_log' || can(membership, 'audit_log.read'))
}

export function kindTitle(kind: string): string {
  return KINDS.find((k) => k.kind === kind)?.title ?? kind
}
