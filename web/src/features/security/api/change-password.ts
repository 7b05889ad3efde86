import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type ChangePasswordRequest = Schemas['ChangePasswordRequest']

export async function changePassword(body: ChangePasswordRequest): Promise<void> {
  await unwrap(api.PUT('/api/v1/me/password', { body }))
}

/** Changes the password; the API signs every other session out. */
export function useChangePassword() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: changePassword,
    onSuccess: () => client.invalidateQueries({ queryKey: ['me'] }),
  })
}
