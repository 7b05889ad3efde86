import { useMutation } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { send } from './request'

export type SignupRequest = Schemas['SignupRequest']
export type SignupAccepted = Schemas['SignupAccepted']

export async function signup(body: SignupRequest): Promise<SignupAccepted> {
  return (await send(api.POST('/api/v1/signup', { body }))).data
}

/** Creates the organisation and its owner; the answer says a verification email is coming. */
export function useSignup() {
  return useMutation({ mutationFn: signup })
}
