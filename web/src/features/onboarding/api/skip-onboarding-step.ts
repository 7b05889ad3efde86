import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { useOrganizationChanged } from '@/lib/organization/cache'
import { onboardingKey } from './get-onboarding'

export type SkippableStep = Schemas['SkippableStep']

export function skipOnboardingStep(orgId: string, step: SkippableStep) {
  return unwrap(
    api.POST('/api/v1/organizations/{org_id}/onboarding/steps/{step}/skip', {
      params: { path: { org_id: orgId, step } },
    }),
  )
}

/** Skips step 3, 4 or 5 ("Skip for now"); a completed step stays completed. */
export function useSkipOnboardingStep(orgId: string) {
  const client = useQueryClient()
  const changed = useOrganizationChanged()
  return useMutation({
    mutationFn: (step: SkippableStep) => skipOnboardingStep(orgId, step),
    onSuccess: async (state) => {
      client.setQueryData(onboardingKey(orgId), state)
      await changed(orgId)
    },
  })
}
