import { useMutation } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { useSetSession, type Session } from '@/lib/session'
import { send } from './request'

export type MfaLoginRequest = Schemas['MfaLoginRequest']

export async function loginMfa(body: MfaLoginRequest): Promise<Session> {
  return (await send(api.POST('/api/v1/auth/login/mfa', { body }))).data
}

/** Completes a sign-in with the authenticator or a recovery code; stores the session. */
export function useLoginMfa() {
  const setSession = useSetSession()
  return useMutation({
    mutationFn: loginMfa,
    onSuccess: (session) => setSession(session),
  })
}
