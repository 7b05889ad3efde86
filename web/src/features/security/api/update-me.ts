import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { SESSION_KEY, type Session } from '@/lib/session'

export type UpdateProfileRequest = Schemas['UpdateProfileRequest']
export type UserResponse = Schemas['UserResponse']

export function updateMe(body: UpdateProfileRequest): Promise<UserResponse> {
  return unwrap(api.PATCH('/api/v1/me', { body }))
}

/** Updates the person's profile; the session's copy of the user follows. */
export function useUpdateMe() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (user) => {
      client.setQueryData<Session | null>(SESSION_KEY, (session) => (session ? { ...session, user } : session))
      return client.invalidateQueries({ queryKey: SESSION_KEY })
    },
  })
}
