import { useMutation } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type PasskeyRegistrationOptions = Schemas['PasskeyRegistrationOptions']

export function startPasskeyRegistration(password: string): Promise<PasskeyRegistrationOptions> {
  return unwrap(api.POST('/api/v1/me/passkeys/registration', { body: { password } }))
}

/** Starts adding a passkey (password required): the options for the browser and a token to send back. */
export function useStartPasskeyRegistration() {
  return useMutation({ mutationFn: startPasskeyRegistration })
}
