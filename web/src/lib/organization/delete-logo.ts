import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { useOrganizationChanged } from './cache'

export function deleteLogo(orgId: string) {
  return unwrap(api.DELETE('/api/v1/organizations/{org_id}/logo', { params: { path: { org_id: orgId } } }))
}

/** Removes the organisation's logo. */
export function useDeleteLogo(orgId: string) {
  const changed = useOrganizationChanged()
  return useMutation({
    mutationFn: () => deleteLogo(orgId),
    onSuccess: () => changed(orgId),
  })
}
