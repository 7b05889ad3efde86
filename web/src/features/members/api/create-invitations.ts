import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { invitationsKey } from './list-invitations'

export type NewInvitation = Schemas['NewInvitation']
export type InvitationResult = Schemas['InvitationResult']

export function createInvitations(orgId: string, invitations: NewInvitation[]) {
  return unwrap(
    api.POST('/api/v1/organizations/{org_id}/invitations', {
      params: { path: { org_id: orgId } },
      body: { invitations },
    }),
  )
}

/** Invites several addresses at once; each succeeds or fails on its own. */
export function useCreateInvitations(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (invitations: NewInvitation[]) => createInvitations(orgId, invitations),
    onSuccess: async (response) => {
      if (response.invited === 0) return
      await Promise.all([
        client.invalidateQueries({ queryKey: invitationsKey(orgId) }),
        client.invalidateQueries({ queryKey: ['organizations', orgId, 'dashboard'] }),
        client.invalidateQueries({ queryKey: ['organizations', orgId, 'onboarding'] }),
      ])
    },
  })
}
