import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type Report = Schemas['ReportResponse']
export type ReportList = Schemas['ReportList']
export type ReportKind = Schemas['ReportKind']

export function reportsKey(orgId: string) {
  return ['organizations', orgId, 'reports'] as const
}

export function listReports(orgId: string, page: { limit: number; offset: number }): Promise<ReportList> {
  return unwrap(api.GET('/api/v1/organizations/{org_id}/reports', { params: { path: { org_id: orgId }, query: page } }))
}

/** While a report is being built, look again every two seconds; otherwise not at all. */
export function pollInterval(list: ReportList | undefined): number | false {
  return list?.items.some((report) => report.status === 'pending') ? 2_000 : false
}

export function reportsQuery(orgId: string, page: { limit: number; offset: number }) {
  return queryOptions({
    queryKey: [...reportsKey(orgId), page] as const,
    queryFn: () => listReports(orgId, page),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => pollInterval(query.state.data),
  })
}

/** A page of the organisation's reports, newest first, refreshed while any is being built. */
export function useReports(orgId: string, page: { limit: number; offset: number }) {
  return useQuery(reportsQuery(orgId, page))
}

export function createReport(orgId: string, kind: ReportKind): Promise<Report> {
  return unwrap(
    api.POST('/api/v1/organizations/{org_id}/reports', {
      params: { path: { org_id: orgId } },
      body: { kind, format: 'csv' },
    }),
  )
}

/** Asks for a report; the list then shows it being built. */
export function useCreateReport(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (kind: ReportKind) => createReport(orgId, kind),
    onSuccess: () => client.invalidateQueries({ queryKey: reportsKey(orgId) }),
  })
}

/** Where the browser downloads a ready report (the session cookie authorises it). */
export function reportContentUrl(orgId: string, reportId: string): string {
  return `/api/v1/organizations/${orgId}/reports/${reportId}/content`
}
