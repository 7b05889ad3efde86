import { useQueryClient } from '@tanstack/react-query'
import { SESSION_KEY } from '@/lib/session'

/** Every query of one organisation starts with this. */
export function organizationScope(orgId: string) {
  return ['organizations', orgId] as const
}

/**
 * After a change to an organisation: refetch its queries and the session, whose memberships
 * carry the name, colours and logo the header shows.
 */
export function useOrganizationChanged(): (orgId: string) => Promise<void> {
  const client = useQueryClient()
  return async (orgId) => {
    await Promise.all([
      client.invalidateQueries({ queryKey: organizationScope(orgId) }),
      client.invalidateQueries({ queryKey: SESSION_KEY }),
    ])
  }
}
