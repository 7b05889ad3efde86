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

/**
 * Downloads a ready report through the API client rather than a plain link: an audit-log
 * export is sensitive, and a sign-in that is no longer recent is confirmed in place (the
 * step-up dialog) instead of the browser opening the API's refusal.
 */
export async function downloadReport(orgId: string, report: Report): Promise<void> {
  const blob = await unwrap(
    api.GET('/api/v1/organizations/{org_id}/reports/{report_id}/content', {
      params: { path: { org_id: orgId, report_id: report.id } },
      parseAs: 'blob',
    }),
  )
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = report.name
  document.body.append(link)
  link.click()
  link.remove()
  // The click has handed the file to the browser; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
