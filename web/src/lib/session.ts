import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query'
import { useParams } from 'react-router'
import { api, setCsrfToken, type Schemas } from './api/client'
import { ApiError, unwrap } from './api/problem'
import { noteSessionExpiry } from './idle'
import { noteSessionCheck, noteSignedInOrOut } from './session-expiry'

export type Session = Schemas['SessionResponse']
export type Membership = Schemas['MembershipSummary']
export type Role = Schemas['Role']
export type Permission = Schemas['Permission']

export const SESSION_KEY = ['session'] as const

/** The current session, or null when signed out (a 401 is an answer, not an error). */
export const sessionQuery = queryOptions({
  queryKey: SESSION_KEY,
  queryFn: async (): Promise<Session | null> => {
    try {
      const session = await unwrap(api.GET('/api/v1/auth/session'))
      setCsrfToken(session.csrf_token)
      noteSessionCheck(true)
      noteSessionExpiry(session)
      return session
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        noteSessionCheck(false, error)
        noteSessionExpiry(null)
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
    noteSignedInOrOut(session !== null)
    noteSessionExpiry(session)
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

/**
 * Whether the membership grants `permission`. The API sends each membership's permissions
 * (its permission table applied to the role), so the web app never ranks roles itself; the
 * server still checks every request.
 */
export function can(membership: Membership | null | undefined, permission: Permission): boolean {
  return membership?.permissions.includes(permission) ?? false
}

/** Whether the membership grants at least one of `permissions`. */
export function canAny(membership: Membership | null | undefined, permissions: readonly Permission[]): boolean {
  return permissions.some((permission) => can(membership, permission))
}
