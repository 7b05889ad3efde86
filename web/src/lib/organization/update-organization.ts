import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { useOrganizationChanged } from './cache'
import { organizationKey } from './get-organization'
import type { UpdateOrganizationBody } from './profile'

export function updateOrganization(orgId: string, body: UpdateOrganizationBody) {
  return unwrap(api.PATCH('/api/v1/organizations/{org_id}', { params: { path: { org_id: orgId } }, body }))
}

/** PATCH the profile (completes onboarding step 3). */
export function useUpdateOrganization(orgId: string) {
  const client = useQueryClient()
  const changed = useOrganizationChanged()
  return useMutation({
    mutationFn: (body: UpdateOrganizationBody) => updateOrganization(orgId, body),
    onSuccess: async (org) => {
      client.setQueryData(organizationKey(orgId), org)
      await changed(orgId)
    },
  })
}
