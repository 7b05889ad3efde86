import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { SESSION_KEY, useSession } from '@/lib/session'
import { membersKey } from './list-members'

export interface UpdateMemberVariables {
  userId: string
  body: Schemas['UpdateMemberRequest']
}

export function updateMember(orgId: string, { userId, body }: UpdateMemberVariables) {
  return unwrap(
    api.PATCH('/api/v1/organizations/{org_id}/members/{user_id}', {
      params: { path: { org_id: orgId, user_id: userId } },
      body,
    }),
  )
}

/** Changes a member's role or the end of their time-limited access. */
export function useUpdateMember(orgId: string) {
  const client = useQueryClient()
  const session = useSession()
  return useMutation({
    mutationFn: (variables: UpdateMemberVariables) => updateMember(orgId, variables),
    onSuccess: async (_member, { userId }) => {
      await Promise.all([
        client.invalidateQueries({ queryKey: membersKey(orgId) }),
        client.invalidateQueries({ queryKey: ['organizations', orgId, 'dashboard'] }),
        // Your own role is part of the session (navigation, permissions).
        userId === session?.user.id ? client.invalidateQueries({ queryKey: SESSION_KEY }) : undefined,
      ])
    },
  })
}
