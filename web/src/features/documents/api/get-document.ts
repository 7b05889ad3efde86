import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { documentsKey, type DocumentResponse } from './list-documents'

export function documentKey(orgId: string, documentId: string) {
  return [...documentsKey(orgId), 'detail', documentId] as const
}

export function getDocument(orgId: string, documentId: string): Promise<DocumentResponse> {
  return unwrap(
    api.GET('/api/v1/organizations/{org_id}/documents/{document_id}', {
      params: { path: { org_id: orgId, document_id: documentId } },
    }),
  )
}

export function documentQuery(orgId: string, documentId: string) {
  return queryOptions({
    queryKey: documentKey(orgId, documentId),
    queryFn: () => getDocument(orgId, documentId),
  })
}

/** One document's metadata (the API audits each read). */
export function useDocument(orgId: string, documentId: string) {
  return useQuery(documentQuery(orgId, documentId))
}
