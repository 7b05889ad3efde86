import type { DocumentKind, DocumentListParams, DocumentSort } from '../api/list-documents'
import { isDocumentKind } from './kinds'

export const PAGE_SIZE = 25

export const SORT_OPTIONS = [
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
  { value: '-size', label: 'Largest first' },
  { value: 'size', label: 'Smallest first' },
] as const satisfies readonly { value: DocumentSort; label: string }[]

export const DEFAULT_SORT: DocumentSort = '-created_at'

export function isSort(value: string): value is DocumentSort {
  return SORT_OPTIONS.some((o) => o.value === value)
}

export interface ListFilters {
  q: string
  kind: DocumentKind | null
  /** YYYY-MM-DD, inclusive, or '' */
  from: string
  /** YYYY-MM-DD, inclusive, or '' */
  to: string
  sort: DocumentSort
  page: number
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

function day(value: string | null): string {
  return value && DAY.test(value) && !Number.isNaN(new Date(`${value}T00:00:00`).getTime()) ? value : ''
}

/** Filters from the page's URL (anything invalid falls back to the default). */
export function readFilters(params: URLSearchParams): ListFilters {
  const kind = params.get('kind')
  const sort = params.get('sort') ?? DEFAULT_SORT
  const page = Number.parseInt(params.get('page') ?? '1', 10)
  return {
    q: params.get('q') ?? '',
    kind: isDocumentKind(kind) ? kind : null,
    from: day(params.get('from')),
    to: day(params.get('to')),
    sort: isSort(sort) ? sort : DEFAULT_SORT,
    page: Number.isFinite(page) && page >= 1 ? page : 1,
  }
}

/** The URL form of the filters, leaving out defaults so links stay short. */
export function writeFilters(filters: ListFilters): URLSearchParams {
  const params = new URLSearchParams()
  if (filters.q.trim()) params.set('q', filters.q)
  if (filters.kind) params.set('kind', filters.kind)
  if (filters.from) params.set('from', filters.from)
  if (filters.to) params.set('to', filters.to)
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort)
  if (filters.page > 1) params.set('page', String(filters.page))
  return params
}

/** Start of a local calendar day as RFC 3339 (UTC). */
export function startOfDay(value: string, addDays = 0): string {
  const [y, m, d] = value.split('-').map(Number)
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + addDays).toISOString()
}

export function dateRangeProblem(from: string, to: string): string | null {
  return from && to && to < from ? 'The end date is before the start date.' : null
}

/** The API query for the filters; the date range covers whole local days. */
export function toListParams(filters: ListFilters, pageSize = PAGE_SIZE): DocumentListParams {
  const params: DocumentListParams = {
    sort: filters.sort,
    limit: pageSize,
    offset: (filters.page - 1) * pageSize,
  }
  const q = filters.q.trim()
  if (q) params.q = q
  if (filters.kind) params.kind = filters.kind
  if (filters.from) params.from = startOfDay(filters.from)
  if (filters.to) params.to = startOfDay(filters.to, 1)
  return params
}

export function hasActiveFilters(filters: ListFilters): boolean {
  return Boolean(filters.q.trim() || filters.kind || filters.from || filters.to)
}

export function pageCount(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize))
}
