import { useQuery } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type SeatUsage = Schemas['SeatUsage']

/**
 * Seats in use. Only the dashboard reports them (owners and administrators), so this reads
 * the dashboard under its usual key and keeps the seats.
 */
export function useSeatUsage(orgId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['organizations', orgId, 'dashboard'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/organizations/{org_id}/dashboard', { params: { path: { org_id: orgId } } })),
    enabled,
    refetchOnWindowFocus: true,
    select: (dashboard): SeatUsage => dashboard.seats,
  })
}
