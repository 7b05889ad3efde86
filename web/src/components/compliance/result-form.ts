import { isDateInputValue } from '@/lib/date-input'
import type { ComplianceResult, ComplianceResultChanges } from '@/lib/compliance/results'
import type { ComplianceStatus } from '@/lib/compliance/status'

export interface ResultFormValues {
  standard: string
  requirement: string
  status: string
  /** '' when there is no score (NumberInput gives '' for an empty box). */
  score: number | string
  notes: string
  reviewerId: string | null
  /** YYYY-MM-DD or '' */
  reviewDueOn: string
}

export function formValues(result: ComplianceResult | null): ResultFormValues {
  return {
    standard: result?.standard ?? '',
    requirement: result?.requirement ?? '',
    status: result?.status ?? 'not_assessed',
    score: typeof result?.score === 'number' ? result.score : '',
    notes: result?.notes ?? '',
    reviewerId: result?.reviewer_id ?? null,
    reviewDueOn: result?.review_due_on ?? '',
  }
}

/** The same rules the API applies, so most mistakes are caught before sending. */
export const validateResult = {
  standard: (value: string) => (value ? null : 'Choose the standard this result is for.'),
  status: (value: string) => (value ? null : 'Choose a status.'),
  score: (value: number | string) => {
    if (value === '') return null
    const n = Number(value)
    return Number.isFinite(n) && n >= 0 && n <= 100 ? null : 'The score is between 0 and 100.'
  },
  requirement: (value: string) => (value.trim().length > 200 ? 'At most 200 characters.' : null),
  notes: (value: string) => (value.trim().length > 5000 ? 'At most 5000 characters.' : null),
  reviewDueOn: (value: string) => (value === '' || isDateInputValue(value) ? null : 'Enter a date, or leave it empty.'),
}

/** Only what the person changed, with `null` clearing a field (the API's PATCH semantics). */
export function resultChanges(result: ComplianceResult, values: ResultFormValues): ComplianceResultChanges {
  const changes: ComplianceResultChanges = {}
  const score = values.score === '' ? null : Number(values.score)
  const requirement = values.requirement.trim() || null
  const notes = values.notes.trim() || null
  const reviewer = values.reviewerId || null
  const due = values.reviewDueOn || null
  if (values.standard !== result.standard) changes.standard = values.standard
  if (values.status !== result.status) changes.status = values.status as ComplianceStatus
  if (score !== (result.score ?? null)) changes.score = score
  if (requirement !== (result.requirement ?? null)) changes.requirement = requirement
  if (notes !== (result.notes ?? null)) changes.notes = notes
  if (reviewer !== (result.reviewer_id ?? null)) changes.reviewer_id = reviewer
  if (due !== (result.review_due_on ?? null)) changes.review_due_on = due
  return changes
}
