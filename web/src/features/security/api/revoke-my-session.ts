import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { myActivityKey } from './get-my-activity'
import { securityOverviewKey } from './get-security-overview'
import { mySessionsKey } from './list-my-sessions'

export async function revokeMySession(sessionId: string): Promise<void> {
  await unwrap(api.DELETE('/api/v1/me/sessions/{session_id}', { params: { path: { session_id: sessionId } } }))
}

/** Signs one session out; it is refused from its next request. */
export function useRevokeMySession() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: revokeMySession,
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: mySessionsKey }),
        client.invalidateQueries({ queryKey: securityOverviewKey }),
        client.invalidateQueries({ queryKey: myActivityKey }),
      ]),
  })
}
