import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { invitationsKey } from './list-invitations'

export function revokeInvitation(orgId: string, invitationId: string) {
  return unwrap(
    api.DELETE('/api/v1/organizations/{org_id}/invitations/{invitation_id}', {
      params: { path: { org_id: orgId, invitation_id: invitationId } },
    }),
  )
}

/** Withdraws an invitation: its link stops working at once. */
export function useRevokeInvitation(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (invitationId: string) => revokeInvitation(orgId, invitationId),
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: invitationsKey(orgId) }),
        client.invalidateQueries({ queryKey: ['organizations', orgId, 'dashboard'] }),
      ])
    },
  })
}
