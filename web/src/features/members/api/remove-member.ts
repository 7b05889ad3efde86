import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { membersKey } from './list-members'

export function removeMember(orgId: string, userId: string) {
  return unwrap(
    api.DELETE('/api/v1/organizations/{org_id}/members/{user_id}', {
      params: { path: { org_id: orgId, user_id: userId } },
    }),
  )
}

/** Removes someone else (leaving yourself is `useLeaveOrganization`). */
export function useRemoveMember(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (userId: string) => removeMember(orgId, userId),
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: membersKey(orgId) }),
        client.invalidateQueries({ queryKey: ['organizations', orgId, 'dashboard'] }),
      ])
    },
  })
}
