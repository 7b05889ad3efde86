import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

/** Member user id → "First Last", to say who uploaded a document. */
export type MemberNames = Map<string, string>

/** The API's page size limit; larger organisations show "A member" for the rest. */
const LIMIT = 100

export async function listMemberNames(orgId: string): Promise<MemberNames> {
  const list = await unwrap(
    api.GET('/api/v1/organizations/{org_id}/members', {
      params: { path: { org_id: orgId }, query: { limit: LIMIT } },
    }),
  )
  return new Map(list.items.map((m) => [m.user_id, `${m.first_name} ${m.last_name}`.trim() || m.email]))
}

export function memberNamesQuery(orgId: string) {
  return queryOptions({
    queryKey: ['organizations', orgId, 'members', 'names'] as const,
    queryFn: () => listMemberNames(orgId),
    staleTime: 5 * 60_000,
  })
}

/** Names of the organisation's members (first 100), for "uploaded by". */
export function useMemberNames(orgId: string) {
  return useQuery(memberNamesQuery(orgId))
}
