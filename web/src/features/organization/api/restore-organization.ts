import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { useOrganizationChanged } from '@/lib/organization/cache'

export function restoreOrganization(orgId: string) {
  return unwrap(api.POST('/api/v1/organizations/{org_id}/restore', { params: { path: { org_id: orgId } } }))
}

/** Restores an organisation within its grace period (owners only). */
export function useRestoreOrganization(orgId: string) {
  const changed = useOrganizationChanged()
  return useMutation({
    mutationFn: () => restoreOrganization(orgId),
    onSuccess: () => changed(orgId),
  })
}
