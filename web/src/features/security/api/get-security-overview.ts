import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type SecurityOverview = Schemas['SecurityOverview']

export const securityOverviewKey = ['me', 'security'] as const

export function getSecurityOverview(): Promise<SecurityOverview> {
  return unwrap(api.GET('/api/v1/me/security'))
}

export const securityOverviewQuery = queryOptions({
  queryKey: securityOverviewKey,
  queryFn: getSecurityOverview,
})

/** Two-step status, password age, session count and the policies of the person's organisations. */
export function useSecurityOverview() {
  return useQuery(securityOverviewQuery)
}
