import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { documentKey } from './get-document'

export type ComplianceResultList = Schemas['ComplianceResultList']
export type ComplianceResult = Schemas['ComplianceResultResponse']

export interface ComplianceResultParams {
  limit: number
  offset: number
}

export function documentComplianceResultsKey(orgId: string, documentId: string) {
  return [...documentKey(orgId, documentId), 'compliance-results'] as const
}

export function listDocumentComplianceResults(
  orgId: string,
  documentId: string,
  params: ComplianceResultParams,
): Promise<ComplianceResultList> {
  return unwrap(
    api.GET('/api/v1/organizations/{org_id}/documents/{document_id}/compliance-results', {
      params: { path: { org_id: orgId, document_id: documentId }, query: params },
    }),
  )
}

export function documentComplianceResultsQuery(orgId: string, documentId: string, params: ComplianceResultParams) {
  return queryOptions({
    queryKey: [...documentComplianceResultsKey(orgId, documentId), params] as const,
    queryFn: () => listDocumentComplianceResults(orgId, documentId, params),
    placeholderData: keepPreviousData,
  })
}

/** The document's compliance results, newest first. */
export function useDocumentComplianceResults(orgId: string, documentId: string, params: ComplianceResultParams) {
  return useQuery(documentComplianceResultsQuery(orgId, documentId, params))
}
