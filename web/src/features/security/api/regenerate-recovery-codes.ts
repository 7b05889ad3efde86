import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { myActivityKey } from './get-my-activity'
import { securityOverviewKey } from './get-security-overview'

export type RecoveryCodes = Schemas['RecoveryCodes']

export function regenerateRecoveryCodes(body: Schemas['SecondFactorConfirmation']): Promise<RecoveryCodes> {
  return unwrap(api.POST('/api/v1/me/mfa/recovery-codes', { body }))
}

/** Replaces the recovery codes; the old ones stop working. */
export function useRegenerateRecoveryCodes() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: regenerateRecoveryCodes,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: securityOverviewKey }),
        client.invalidateQueries({ queryKey: myActivityKey }),
      ]),
  })
}
