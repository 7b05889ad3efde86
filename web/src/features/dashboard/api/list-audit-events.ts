import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export interface AuditFilters {
  /** An exact action or a prefix ending in a dot. */
  action?: string
  actorId?: string
  /** RFC 3339 instants: from inclusive, to exclusive. */
  from?: string
  to?: string
}

export const auditEventsKey = (orgId: string) => ['organizations', orgId, 'audit-events'] as const

export function fetchAuditEvents(orgId: string, filters: AuditFilters, cursor: number | null, limit: number) {
  return unwrap(
    api.GET('/api/v1/organizations/{org_id}/audit-events', {
      params: {
        path: { org_id: orgId },
        query: {
          action: filters.action,
          actor_id: filters.actorId,
          from: filters.from,
          to: filters.to,
          cursor: cursor ?? undefined,
          limit,
        },
      },
    }),
  )
}

/** One page of the audit log, newest first; `cursor` is the previous page's `next_cursor`. */
export function useAuditEvents(orgId: string, filters: AuditFilters, cursor: number | null, limit = 50) {
  return useQuery({
    queryKey: [...auditEventsKey(orgId), { ...filters, cursor, limit }] as const,
    queryFn: () => fetchAuditEvents(orgId, filters, cursor, limit),
    placeholderData: keepPreviousData,
  })
}
