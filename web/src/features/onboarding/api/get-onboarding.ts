import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type OnboardingState = Schemas['OnboardingState']

export function onboardingKey(orgId: string) {
  return ['organizations', orgId, 'onboarding'] as const
}

export function getOnboarding(orgId: string) {
  return unwrap(api.GET('/api/v1/organizations/{org_id}/onboarding', { params: { path: { org_id: orgId } } }))
}

export function onboardingQuery(orgId: string) {
  return queryOptions({ queryKey: onboardingKey(orgId), queryFn: () => getOnboarding(orgId) })
}

/** Where the organisation is in its five onboarding steps. */
export function useOnboarding(orgId: string) {
  return useQuery(onboardingQuery(orgId))
}
