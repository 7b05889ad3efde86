import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type SessionInfo = Schemas['SessionInfo']

export const mySessionsKey = ['me', 'sessions'] as const

export function listMySessions(): Promise<SessionInfo[]> {
  return unwrap(api.GET('/api/v1/me/sessions'))
}

export const mySessionsQuery = queryOptions({
  queryKey: mySessionsKey,
  queryFn: listMySessions,
})

/** The person's live sessions, most recently used first. */
export function useMySessions() {
  return useQuery(mySessionsQuery)
}
