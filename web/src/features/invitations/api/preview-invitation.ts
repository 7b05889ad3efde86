import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type InvitationPreview = Schemas['InvitationPreview']

export const previewKey = (token: string) => ['invitations', 'preview', token] as const

export function previewInvitation(token: string) {
  return unwrap(api.GET('/api/v1/invitations/{token}', { params: { path: { token } } }))
}

export function previewQuery(token: string) {
  return queryOptions({
    queryKey: previewKey(token),
    queryFn: () => previewInvitation(token),
    staleTime: 5 * 60_000,
  })
}

/** What an invitation link is for; looking does not use the link up. */
export function useInvitationPreview(token: string | null) {
  return useQuery({ ...previewQuery(token ?? ''), enabled: token !== null })
}
