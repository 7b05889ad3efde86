import { useMutation } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { send } from './request'

export type EmailVerified = Schemas['EmailVerified']

export async function verifyEmail(token: string): Promise<EmailVerified> {
  return (await send(api.POST('/api/v1/auth/verify-email', { body: { token } }))).data
}

/** Uses the link from the verification email (single use, so run it once per page). */
export function useVerifyEmail() {
  return useMutation({ mutationFn: verifyEmail })
}
