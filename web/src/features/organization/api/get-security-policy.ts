import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type SecurityPolicy = Schemas['SecurityPolicyBody']

export function securityPolicyKey(orgId: string) {
  return ['organizations', orgId, 'security-policy'] as const
}

export function getSecurityPolicy(orgId: string) {
  return unwrap(
    api.GET('/api/v1/organizations/{org_id}/security-policy', { params: { path: { org_id: orgId } } }),
  )
}

export function securityPolicyQuery(orgId: string) {
  return queryOptions({ queryKey: securityPolicyKey(orgId), queryFn: () => getSecurityPolicy(orgId) })
}

/** The organisation's security policy (owners and administrators). */
export function useSecurityPolicy(orgId: string) {
  return useQuery(securityPolicyQuery(orgId))
}
