import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { SESSION_KEY } from '@/lib/session'

export type TotpEnabled = Schemas['TotpEnabled']

export function confirmTotpEnrolment(code: string): Promise<TotpEnabled> {
  return unwrap(api.POST('/api/v1/me/mfa/totp/confirm', { body: { code } }))
}

/** Confirms enrolment with a code from the app: two-step verification is on; recovery codes come back,
 * and the person's other password-only sessions are signed out. */
export function useConfirmTotpEnrolment() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: confirmTotpEnrolment,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['me'] }),
        client.invalidateQueries({ queryKey: SESSION_KEY }),
      ]),
  })
}
