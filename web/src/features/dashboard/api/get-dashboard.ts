import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type Dashboard = Schemas['Dashboard']
export type AuditEvent = Schemas['AuditEventResponse']

export const dashboardKey = (orgId: string) => ['organizations', orgId, 'dashboard'] as const

export function fetchDashboard(orgId: string) {
  return unwrap(api.GET('/api/v1/organizations/{org_id}/dashboard', { params: { path: { org_id: orgId } } }))
}

export function dashboardQuery(orgId: string) {
  return queryOptions({ queryKey: dashboardKey(orgId), queryFn: () => fetchDashboard(orgId) })
}

/** The organisation at a glance (owners and administrators only). */
export function useDashboard(orgId: string, enabled: boolean) {
  return useQuery({ ...dashboardQuery(orgId), enabled })
}
