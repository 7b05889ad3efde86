import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type ActivityItem = Schemas['ActivityItem']

/** The API returns at most this many items; "Show more" asks for a longer list up to it. */
export const ACTIVITY_MAX = 200
export const ACTIVITY_STEP = 20

export const myActivityKey = ['me', 'activity'] as const

export function getMyActivity(limit: number): Promise<ActivityItem[]> {
  return unwrap(api.GET('/api/v1/me/activity', { params: { query: { limit } } }))
}

export function myActivityQuery(limit: number) {
  return queryOptions({
    queryKey: [...myActivityKey, limit] as const,
    queryFn: () => getMyActivity(limit),
    placeholderData: keepPreviousData,
  })
}

/** Sign-in attempts and security events, newest first (the newest `limit`). */
export function useMyActivity(limit: number) {
  return useQuery(myActivityQuery(limit))
}
