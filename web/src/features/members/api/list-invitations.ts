import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { whileAttended } from '@/lib/idle'

export type Invitation = Schemas['InvitationResponse']
export type InvitationStatus = Schemas['InvitationStatus']

export interface InvitationListParams {
  status: InvitationStatus
  limit: number
  offset: number
}

export const invitationsKey = (orgId: string) => ['organizations', orgId, 'invitations'] as const

export function fetchInvitations(orgId: string, params: InvitationListParams) {
  return unwrap(
    api.GET('/api/v1/organizations/{org_id}/invitations', {
      params: { path: { org_id: orgId }, query: params },
    }),
  )
}

/** A page of the organisation's invitations with one status, newest first. */
export function useInvitations(orgId: string, params: InvitationListParams, enabled = true) {
  return useQuery({
    queryKey: [...invitationsKey(orgId), params] as const,
    queryFn: () => fetchInvitations(orgId, params),
    placeholderData: keepPreviousData,
    enabled,
    // Accepted invitations leave the pending list as their members join the list above.
    refetchOnWindowFocus: true,
    refetchInterval: whileAttended(30_000),
  })
}
