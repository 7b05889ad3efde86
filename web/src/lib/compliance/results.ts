import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type ComplianceResult = Schemas['ComplianceResultResponse']
export type ComplianceResultList = Schemas['ComplianceResultList']
export type ComplianceResultSort = Schemas['ComplianceResultSort']
export type NewComplianceResult = Schemas['NewComplianceResult']
export type ComplianceResultChanges = Schemas['UpdateComplianceResult']

export interface ResultListParams {
  standard?: string
  status?: Schemas['ComplianceStatus']
  overdue?: boolean
  sort?: ComplianceResultSort
  limit: number
  offset: number
}

/** Every compliance-result query of an organisation (the org-wide list). */
export function complianceResultsKey(orgId: string) {
  return ['organizations', orgId, 'compliance-results'] as const
}

export function listComplianceResults(orgId: string, params: ResultListParams): Promise<ComplianceResultList> {
  return unwrap(
    api.GET('/api/v1/organizations/{org_id}/compliance-results', {
      params: { path: { org_id: orgId }, query: params },
    }),
  )
}

export function complianceResultsQuery(orgId: string, params: ResultListParams) {
  return queryOptions({
    queryKey: [...complianceResultsKey(orgId), params] as const,
    queryFn: () => listComplianceResults(orgId, params),
    placeholderData: keepPreviousData,
  })
}

/** A page of the organisation's results, filtered and sorted. */
export function useComplianceResults(orgId: string, params: ResultListParams) {
  return useQuery(complianceResultsQuery(orgId, params))
}

/**
 * After a result changes, what shows results is stale: the org-wide list, the document's own
 * list (under the documents key) and the dashboard's counts.
 */
function invalidateResults(client: ReturnType<typeof useQueryClient>, orgId: string): Promise<unknown> {
  return Promise.all([
    client.invalidateQueries({ queryKey: complianceResultsKey(orgId) }),
    client.invalidateQueries({ queryKey: ['organizations', orgId, 'documents'] }),
    client.invalidateQueries({ queryKey: ['organizations', orgId, 'dashboard'] }),
  ])
}

export function recordResult(orgId: string, documentId: string, body: NewComplianceResult): Promise<ComplianceResult> {
  return unwrap(
    api.POST('/api/v1/organizations/{org_id}/documents/{document_id}/compliance-results', {
      params: { path: { org_id: orgId, document_id: documentId } },
      body,
    }),
  )
}

export function updateResult(orgId: string, resultId: string, body: ComplianceResultChanges): Promise<ComplianceResult> {
  return unwrap(
    api.PATCH('/api/v1/organizations/{org_id}/compliance-results/{result_id}', {
      params: { path: { org_id: orgId, result_id: resultId } },
      body,
    }),
  )
}

/** Records a result on a document. */
export function useRecordResult(orgId: string, documentId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: NewComplianceResult) => recordResult(orgId, documentId, body),
    onSuccess: () => invalidateResults(client, orgId),
  })
}

/** Edits a result. */
export function useUpdateResult(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: ComplianceResultChanges }) => updateResult(orgId, id, changes),
    onSuccess: () => invalidateResults(client, orgId),
  })
}
