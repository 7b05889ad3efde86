import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { SESSION_KEY } from '@/lib/session'

export type SecondFactorConfirmation = Schemas['SecondFactorConfirmation']

export async function disableTotp(body: SecondFactorConfirmation): Promise<void> {
  await unwrap(api.DELETE('/api/v1/me/mfa/totp', { body }))
}

/** Turns two-step verification off (password plus a current code or a recovery code). */
export function useDisableTotp() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: disableTotp,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['me'] }),
        client.invalidateQueries({ queryKey: SESSION_KEY }),
      ]),
  })
}
