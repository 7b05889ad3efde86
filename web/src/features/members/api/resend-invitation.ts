import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { invitationsKey } from './list-invitations'

export function resendInvitation(orgId: string, invitationId: string) {
  return unwrap(
    api.POST('/api/v1/organizations/{org_id}/invitations/{invitation_id}/resend', {
      params: { path: { org_id: orgId, invitation_id: invitationId } },
    }),
  )
}

/** Sends an invitation again with a new link (the answer carries the link). */
export function useResendInvitation(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (invitationId: string) => resendInvitation(orgId, invitationId),
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: invitationsKey(orgId) }),
        client.invalidateQueries({ queryKey: ['organizations', orgId, 'dashboard'] }),
      ])
    },
  })
}
