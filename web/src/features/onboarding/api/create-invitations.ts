import { useMutation } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { useOrganizationChanged } from '@/lib/organization/cache'

export type CreateInvitationsBody = Schemas['CreateInvitationsRequest']
export type CreateInvitationsResult = Schemas['CreateInvitationsResponse']

export function createInvitations(orgId: string, body: CreateInvitationsBody) {
  return unwrap(api.POST('/api/v1/organizations/{org_id}/invitations', { params: { path: { org_id: orgId } }, body }))
}

/** Invites several people at once; each address succeeds or fails on its own. */
export function useCreateInvitations(orgId: string) {
  const changed = useOrganizationChanged()
  return useMutation({
    mutationFn: (body: CreateInvitationsBody) => createInvitations(orgId, body),
    onSuccess: () => changed(orgId),
  })
}
