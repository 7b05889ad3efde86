import type { ComplianceResultSort, ResultListParams } from '@/lib/compliance/results'
import { isComplianceStatus, type ComplianceStatus } from '@/lib/compliance/status'

export const PAGE_SIZE = 20

export const SORT_OPTIONS = [
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
  { value: 'review_due_on', label: 'Review due soonest' },
  { value: '-review_due_on', label: 'Review due latest' },
  { value: 'score', label: 'Lowest score first' },
  { value: '-score', label: 'Highest score first' },
  { value: 'standard', label: 'Standard A–Z' },
] as const satisfies readonly { value: ComplianceResultSort; label: string }[]

export const DEFAULT_SORT: ComplianceResultSort = '-created_at'

export const REVIEW_OPTIONS = [
  { value: 'all', label: 'Any review date' },
  { value: 'overdue', label: 'Overdue for review' },
  { value: 'current', label: 'Not overdue' },
] as const

export type ReviewFilter = (typeof REVIEW_OPTIONS)[number]['value']

export interface ResultFilters {
  standard: string | null
  status: ComplianceStatus | null
  review: ReviewFilter
  sort: ComplianceResultSort
  page: number
}

function isSort(value: string): value is ComplianceResultSort {
  return SORT_OPTIONS.some((o) => o.value === value)
}

function isReview(value: string | null): value is ReviewFilter {
  return REVIEW_OPTIONS.some((o) => o.value === value)
}

const STANDARD = /^[A-Z0-9][A-Z0-9._-]{0,49}$/

/** Filters from the page's URL; anything invalid falls back to the default. */
export function readFilters(params: URLSearchParams): ResultFilters {
  const standard = params.get('standard')
  const status = params.get('status')
  const review = params.get('review')
  const sort = params.get('sort') ?? DEFAULT_SORT
  const page = Number.parseInt(params.get('page') ?? '1', 10)
  return {
    standard: standard && STANDARD.test(standard) ? standard : null,
    status: isComplianceStatus(status) ? status : null,
    review: isReview(review) ? review : 'all',
    sort: isSort(sort) ? sort : DEFAULT_SORT,
    page: Number.isFinite(page) && page >= 1 ? page : 1,
  }
}

/** The URL form, leaving out defaults so links (e.g. from the dashboard) stay short. */
export function writeFilters(filters: ResultFilters): URLSearchParams {
  const params = new URLSearchParams()
  if (filters.standard) params.set('standard', filters.standard)
  if (filters.status) params.set('status', filters.status)
  if (filters.review !== 'all') params.set('review', filters.review)
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort)
  if (filters.page > 1) params.set('page', String(filters.page))
  return params
}

export function toListParams(filters: ResultFilters): ResultListParams {
  const params: ResultListParams = {
    sort: filters.sort,
    limit: PAGE_SIZE,
    offset: (filters.page - 1) * PAGE_SIZE,
  }
  if (filters.standard) params.standard = filters.standard
  if (filters.status) params.status = filters.status
  if (filters.review !== 'all') params.overdue = filters.review === 'overdue'
  return params
}

export function hasActiveFilters(filters: ResultFilters): boolean {
  return Boolean(filters.standard || filters.status || filters.review !== 'all')
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE))
}
