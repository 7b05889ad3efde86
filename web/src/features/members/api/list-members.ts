import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { whileAttended } from '@/lib/idle'
import type { Role } from '@/lib/session'

export type Member = Schemas['MemberResponse']

export interface MemberListParams {
  q?: string
  role?: Role
  limit: number
  offset: number
}

export const membersKey = (orgId: string) => ['organizations', orgId, 'members'] as const

export function fetchMembers(orgId: string, params: MemberListParams) {
  const q = params.q?.trim()
  return unwrap(
    api.GET('/api/v1/organizations/{org_id}/members', {
      params: {
        path: { org_id: orgId },
        query: { q: q ? q : undefined, role: params.role, limit: params.limit, offset: params.offset },
      },
    }),
  )
}

export function membersQuery(orgId: string, params: MemberListParams) {
  return queryOptions({
    queryKey: [...membersKey(orgId), params] as const,
    queryFn: () => fetchMembers(orgId, params),
    placeholderData: keepPreviousData,
  })
}

/**
 * A page of the organisation's members (sorted by name), fresh when the person comes back to the
 * window and every 30 s while they use it, so invitees who accept appear without a reload.
 */
export function useMembers(orgId: string, params: MemberListParams) {
  return useQuery({ ...membersQuery(orgId, params), refetchOnWindowFocus: true, refetchInterval: whileAttended(30_000) })
}

/** How many owners the organisation has (to explain the last-owner rule before it bites). */
export function useOwnerCount(orgId: string) {
  return useQuery({
    ...membersQuery(orgId, { role: 'owner', limit: 1, offset: 0 }),
    select: (list) => list.total,
  })
}

/** Up to 100 members by id, to name the people who sent invitations. */
export function useMemberNames(orgId: string, enabled: boolean) {
  return useQuery({
    ...membersQuery(orgId, { limit: 100, offset: 0 }),
    enabled,
    select: (list) => new Map(list.items.map((m) => [m.user_id, `${m.first_name} ${m.last_name}`])),
  })
}
