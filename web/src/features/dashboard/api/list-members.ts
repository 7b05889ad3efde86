import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

/** Up to 100 members, to filter the audit log by person. */
export function useActorOptions(orgId: string) {
  const params = { limit: 100, offset: 0 }
  return useQuery({
    queryKey: ['organizations', orgId, 'members', params],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/organizations/{org_id}/members', {
          params: { path: { org_id: orgId }, query: params },
        }),
      ),
    select: (list) =>
      list.items.map((m) => ({ value: m.user_id, label: `${m.first_name} ${m.last_name} (${m.email})` })),
  })
}
