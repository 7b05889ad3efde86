import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export interface Reviewer {
  id: string
  name: string
}

/** The API's page size limit: a reviewer is one of the first 100 members by name. */
const LIMIT = 100

export async function listReviewers(orgId: string): Promise<Reviewer[]> {
  const list = await unwrap(
    api.GET('/api/v1/organizations/{org_id}/members', {
      params: { path: { org_id: orgId }, query: { limit: LIMIT } },
    }),
  )
  return list.items
    .filter((m) => !m.access_expired)
    .map((m) => ({ id: m.user_id, name: `${m.first_name} ${m.last_name}`.trim() || m.email }))
}

export function reviewersQuery(orgId: string) {
  return queryOptions({
    queryKey: ['organizations', orgId, 'members', 'reviewers'] as const,
    queryFn: () => listReviewers(orgId),
    staleTime: 5 * 60_000,
  })
}

/** Members who can review results (their access has not ended). */
export function useReviewers(orgId: string) {
  return useQuery(reviewersQuery(orgId))
}

/** A reviewer's name, or a plain stand-in when they are no longer listed. */
export function reviewerName(reviewers: readonly Reviewer[] | undefined, id: string | null | undefined): string | null {
  if (!id) return null
  return reviewers?.find((r) => r.id === id)?.name ?? 'A former member'
}
