import { useMutation } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import type { AuthenticationResponseJSON } from '@/lib/passkeys'
import { useSetSession, type Session } from '@/lib/session'
import { send } from './request'

export type MfaLoginRequest = Schemas['MfaLoginRequest']

export async function loginMfa(body: MfaLoginRequest): Promise<Session> {
  return (await send(api.POST('/api/v1/auth/login/mfa', { body }))).data
}

/** The body of the second step answered by a passkey. */
export function passkeyMfaBody(mfaToken: string, credential: AuthenticationResponseJSON): MfaLoginRequest {
  // The OpenAPI document types the credential as an object without properties.
  return { mfa_token: mfaToken, passkey: credential as unknown as MfaLoginRequest['passkey'] }
}

/** Completes a sign-in with the authenticator, a passkey or a recovery code; stores the session. */
export function useLoginMfa() {
  const setSession = useSetSession()
  return useMutation({
    mutationFn: loginMfa,
    onSuccess: (session) => setSession(session),
  })
}
