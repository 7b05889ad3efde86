import { useMutation } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { getPasskey, type AuthenticationResponseJSON } from '@/lib/passkeys'
import { useSetSession, type Session } from '@/lib/session'
import { startPasskeySignIn } from './passkey-sign-in-options'
import { send } from './request'

type PasskeySignInRequest = Schemas['PasskeySignInRequest']

export async function passkeySignIn(body: {
  ceremony_token: string
  credential: AuthenticationResponseJSON
  remember_me: boolean
}): Promise<Session> {
  // The OpenAPI document types the credential as an object without properties.
  const request: PasskeySignInRequest = { ...body, credential: body.credential as unknown as PasskeySignInRequest['credential'] }
  return (await send(api.POST('/api/v1/auth/passkey', { body: request }))).data
}

export interface PasskeySignInInput {
  /** Offer the passkeys in the email field's autofill and wait for one (conditional UI). */
  autofill?: boolean
  /** Read once a passkey has answered, so a "remember me" ticked meanwhile counts. */
  rememberMe: () => boolean
}

/** The whole passwordless sign-in: a challenge, the browser's passkey, the session. */
export async function signInWithPasskey({ autofill = false, rememberMe }: PasskeySignInInput): Promise<Session> {
  const started = await startPasskeySignIn()
  const credential = await getPasskey(started.options, { autofill })
  return passkeySignIn({ ceremony_token: started.ceremony_token, credential, remember_me: rememberMe() })
}

/** Signs in with a passkey alone; stores the session. */
export function usePasskeySignIn() {
  const setSession = useSetSession()
  return useMutation({
    mutationFn: signInWithPasskey,
    onSuccess: (session) => setSession(session),
  })
}
