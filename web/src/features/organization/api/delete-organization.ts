import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export function deleteOrganization(orgId: string) {
  return unwrap(api.DELETE('/api/v1/organizations/{org_id}', { params: { path: { org_id: orgId } } }))
}

/**
 * Schedules the organisation's deletion (owners only). The caller moves off the organisation's
 * pages first, then drops its queries and refreshes the session (see DangerZone).
 */
export function useDeleteOrganization(orgId: string) {
  return useMutation({ mutationFn: () => deleteOrganization(orgId) })
}
