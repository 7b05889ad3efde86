import { useMutation } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type TotpSetup = Schemas['TotpSetup']

export function startTotpEnrolment(password: string): Promise<TotpSetup> {
  return unwrap(api.POST('/api/v1/me/mfa/totp', { body: { password } }))
}

/** Starts TOTP enrolment (password required): a new secret for an authenticator app. */
export function useStartTotpEnrolment() {
  return useMutation({ mutationFn: startTotpEnrolment })
}
