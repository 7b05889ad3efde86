import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { isApiError, unwrap } from '@/lib/api/problem'
import { useSetSession } from '@/lib/session'

export async function signOut(): Promise<void> {
  try {
    await unwrap(api.POST('/api/v1/auth/logout'))
  } catch (error) {
    // Already signed out is as good as signing out.
    if (!(isApiError(error) && error.status === 401)) throw error
  }
}

/** Signs out (to accept an invitation as someone else); cached data goes with the session. */
export function useSignOut() {
  const client = useQueryClient()
  const setSession = useSetSession()
  return useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      // The session entry stays (now null) so pages watching it update in place.
      setSession(null)
      client.removeQueries({ queryKey: ['organizations'] })
      client.removeQueries({ queryKey: ['me'] })
    },
  })
}
