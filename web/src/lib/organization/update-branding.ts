import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import type { UpdateBrandingBody } from './branding'
import { useOrganizationChanged } from './cache'
import { organizationKey } from './get-organization'

export function updateBranding(orgId: string, body: UpdateBrandingBody) {
  return unwrap(
    api.PATCH('/api/v1/organizations/{org_id}/branding', { params: { path: { org_id: orgId } }, body }),
  )
}

/** PATCH the brand colours; the answer carries contrast warnings (completes onboarding step 4). */
export function useUpdateBranding(orgId: string) {
  const client = useQueryClient()
  const changed = useOrganizationChanged()
  return useMutation({
    mutationFn: (body: UpdateBrandingBody) => updateBranding(orgId, body),
    onSuccess: async (org) => {
      client.setQueryData(organizationKey(orgId), org)
      await changed(orgId)
    },
  })
}
