import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export function organizationKey(orgId: string) {
  return ['organizations', orgId, 'detail'] as const
}

export function getOrganization(orgId: string) {
  return unwrap(api.GET('/api/v1/organizations/{org_id}', { params: { path: { org_id: orgId } } }))
}

export function organizationQuery(orgId: string) {
  return queryOptions({ queryKey: organizationKey(orgId), queryFn: () => getOrganization(orgId) })
}

/** The organisation's profile, branding and settings. */
export function useOrganization(orgId: string) {
  return useQuery(organizationQuery(orgId))
}
