import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { SESSION_KEY } from '@/lib/session'
import { send } from './request'

export type ResetPasswordRequest = Schemas['ResetPasswordRequest']

export async function resetPassword(body: ResetPasswordRequest): Promise<void> {
  await send(api.POST('/api/v1/auth/password/reset', { body }))
}

/** Sets a new password from the emailed link. Every session of the account ends. */
export function useResetPassword() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: resetPassword,
    // Sessions of that account ended: check whether this browser's was one of them.
    onSuccess: () => client.invalidateQueries({ queryKey: SESSION_KEY }),
  })
}
