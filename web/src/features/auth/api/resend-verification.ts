import { useMutation } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { send } from './request'

export type ResendVerificationRequest = Schemas['ResendVerificationRequest']

export async function resendVerification(body: ResendVerificationRequest): Promise<Schemas['Accepted']> {
  return (await send(api.POST('/api/v1/auth/verify-email/resend', { body }))).data
}

/** Sends a new verification link (the same answer whether or not the address has an account). */
export function useResendVerification() {
  return useMutation({ mutationFn: resendVerification })
}
