import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { myActivityKey } from './get-my-activity'
import { securityOverviewKey } from './get-security-overview'
import { mySessionsKey } from './list-my-sessions'

export type SessionsRevoked = Schemas['SessionsRevoked']

export function revokeOtherSessions(): Promise<SessionsRevoked> {
  return unwrap(api.DELETE('/api/v1/me/sessions'))
}

/** Signs out every session but this one. */
export function useRevokeOtherSessions() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: revokeOtherSessions,
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: mySessionsKey }),
        client.invalidateQueries({ queryKey: securityOverviewKey }),
        client.invalidateQueries({ queryKey: myActivityKey }),
      ]),
  })
}
