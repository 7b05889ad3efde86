import { api, type Schemas } from '@/lib/api/client'
import { send } from './request'

export type PasskeySignInOptions = Schemas['PasskeySignInOptions']

/** Starts a passwordless sign-in: a challenge any of this site's passkeys may answer. */
export async function startPasskeySignIn(): Promise<PasskeySignInOptions> {
  return (await send(api.POST('/api/v1/auth/passkey/options'))).data
}
