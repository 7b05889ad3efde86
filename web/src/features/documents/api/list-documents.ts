import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type DocumentResponse = Schemas['DocumentResponse']
export type DocumentList = Schemas['DocumentList']
export type DocumentKind = Schemas['DocumentKind']
export type DocumentSort = Schemas['DocumentSort']

export interface DocumentListParams {
  q?: string
  kind?: DocumentKind
  /** RFC 3339: uploaded at or after. */
  from?: string
  /** RFC 3339: uploaded before. */
  to?: string
  /** Newest first when absent. */
  sort?: DocumentSort
  limit: number
  offset: number
}

/** Everything about an organisation's documents (lists, details, their compliance results). */
export function documentsKey(orgId: string) {
  return ['organizations', orgId, 'documents'] as const
}

export function listDocuments(orgId: string, params: DocumentListParams): Promise<DocumentList> {
  return unwrap(
    api.GET('/api/v1/organizations/{org_id}/documents', {
      params: { path: { org_id: orgId }, query: params },
    }),
  )
}

export function documentsQuery(orgId: string, params: DocumentListParams) {
  return queryOptions({
    queryKey: [...documentsKey(orgId), 'list', params] as const,
    queryFn: () => listDocuments(orgId, params),
    placeholderData: keepPreviousData,
  })
}

/** A page of the organisation's documents, searched, filtered and sorted. */
export function useDocuments(orgId: string, params: DocumentListParams) {
  return useQuery(documentsQuery(orgId, params))
}
