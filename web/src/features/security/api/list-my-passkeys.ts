import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type PasskeyInfo = Schemas['PasskeyInfo']

export const myPasskeysKey = ['me', 'passkeys'] as const

export function listMyPasskeys(): Promise<PasskeyInfo[]> {
  return unwrap(api.GET('/api/v1/me/passkeys'))
}

export const myPasskeysQuery = queryOptions({
  queryKey: myPasskeysKey,
  queryFn: listMyPasskeys,
})

/** The person's passkeys, oldest first. */
export function useMyPasskeys() {
  return useQuery(myPasskeysQuery)
}
