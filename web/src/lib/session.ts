import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query'
import { useParams } from 'react-router'
import { api, setCsrfToken, type Schemas } from './api/client'
import { ApiError, unwrap } from './api/problem'

export type Session = Schemas['SessionResponse']
export type Membership = Schemas['MembershipSummary']
export type Role = Schemas['Role']

export const SESSION_KEY = ['session'] as const

/** The current session, or null when signed out (a 401 is an answer, not an error). */
export const sessionQuery = queryOptions({
  queryKey: SESSION_KEY,
  queryFn: async (): Promise<Session | null> => {
    try {
      const session = await unwrap(api.GET('/api/v1/auth/session'))
      setCsrfToken(session.csrf_token)
      return session
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setCsrfToken(null)
        return null
      }
      throw error
    }
  },
  staleTime: 60_000,
})

export function useSession(): Session | null | undefined {
  return useQuery(sessionQuery).data
}

/** Stores a session the API just returned (login, MFA, accept invitation). */
export function useSetSession(): (session: Session | null) => void {
  const client = useQueryClient()
  return (session) => {
    setCsrfToken(session?.csrf_token ?? null)
    client.setQueryData(SESSION_KEY, session)
  }
}

/** The organisation in the URL (`/organizations/:orgId/...`). */
export function useOrgId(): string {
  const { orgId } = useParams()
  if (!orgId) throw new Error('This page must be under /organizations/:orgId')
  return orgId
}

/** The signed-in user's membership of the organisation in the URL, if any. */
export function useMembership(): Membership | undefined {
  const session = useSession()
  const { orgId } = useParams()
  return session?.memberships.find((m) => m.organization_id === orgId)
}

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 }

/** Whether the role is at least `minimum` (owner > admin > member > viewer). */
export function hasRole(role: string | undefined, minimum: Role): boolean {
  if (!role || !(role in RANK)) return false
  return RANK[role as Role] >= RANK[minimum]
}
