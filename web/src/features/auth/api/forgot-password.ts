import { useMutation } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { send } from './request'

export type ForgotPasswordRequest = Schemas['ForgotPasswordRequest']

export async function forgotPassword(body: ForgotPasswordRequest): Promise<Schemas['Accepted']> {
  return (await send(api.POST('/api/v1/auth/password/forgot', { body }))).data
}

/** Emails a reset link if the address has an account (the answer never says whether). */
export function useForgotPassword() {
  return useMutation({ mutationFn: forgotPassword })
}
