import type { Schemas } from '@/lib/api/client'

export type ComplianceStatus = Schemas['ComplianceStatus']

const STATUS: Record<ComplianceStatus, { label: string; colour: string }> = {
  compliant: { label: 'Compliant', colour: 'green' },
  partially_compliant: { label: 'Partially compliant', colour: 'yellow' },
  non_compliant: { label: 'Non-compliant', colour: 'red' },
  not_assessed: { label: 'Not assessed', colour: 'gray' },
}

export function complianceStatus(status: string): { label: string; colour: string } {
  return (STATUS as Record<string, { label: string; colour: string }>)[status] ?? { label: status, colour: 'gray' }
}

/** A 0–100 score for display, e.g. "82 / 100" or "82.5 / 100"; "No score" when absent. */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return 'No score'
  const rounded = Math.round(score * 10) / 10
  return `${rounded} / 100`
}

export function scoreColour(score: number): string {
  if (score >= 80) return 'green'
  if (score >= 50) return 'yellow'
  return 'red'
}

/** The statuses in the order a person reads them, for selects and filters. */
export const STATUS_OPTIONS = [
  { value: 'compliant', label: 'Compliant' },
  { value: 'partially_compliant', label: 'Partially compliant' },
  { value: 'non_compliant', label: 'Non-compliant' },
  { value: 'not_assessed', label: 'Not assessed' },
] as const satisfies readonly { value: ComplianceStatus; label: string }[]

export function isComplianceStatus(value: string | null): value is ComplianceStatus {
  return STATUS_OPTIONS.some((o) => o.value === value)
}
