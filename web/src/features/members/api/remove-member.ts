import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { SESSION_KEY, useSession } from '@/lib/session'
import { membersKey } from './list-members'

export function removeMember(orgId: string, userId: string) {
  return unwrap(
    api.DELETE('/api/v1/organizations/{org_id}/members/{user_id}', {
      params: { path: { org_id: orgId, user_id: userId } },
    }),
  )
}

/** Removes a member, or (your own user id) leaves the organisation. */
export function useRemoveMember(orgId: string) {
  const client = useQueryClient()
  const session = useSession()
  return useMutation({
    mutationFn: (userId: string) => removeMember(orgId, userId),
    onSuccess: async (_data, userId) => {
      if (userId === session?.user.id) {
        // Not awaited: the page navigates away first (once the session no longer lists the
        // organisation, its pages stop rendering).
        void client.invalidateQueries({ queryKey: SESSION_KEY })
        return
      }
      await Promise.all([
        client.invalidateQueries({ queryKey: membersKey(orgId) }),
        client.invalidateQueries({ queryKey: ['organizations', orgId, 'dashboard'] }),
      ])
    },
  })
}
