import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { SESSION_KEY } from '@/lib/session'

export function leaveOrganization(orgId: string) {
  return unwrap(api.DELETE('/api/v1/organizations/{org_id}/membership', { params: { path: { org_id: orgId } } }))
}

/**
 * Ends the signed-in person's own membership. The last owner gets 409 `last-owner` (shown
 * where they asked).
 */
export function useLeaveOrganization(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => leaveOrganization(orgId),
    onSuccess: () => {
      // Not awaited: the page navigates away first (once the session no longer lists the
      // organisation, its pages stop rendering).
      void client.invalidateQueries({ queryKey: SESSION_KEY })
    },
  })
}
