import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import type { RegistrationResponseJSON } from '@/lib/passkeys'
import { SESSION_KEY } from '@/lib/session'

export type PasskeyRegistered = Schemas['PasskeyRegistered']

export interface RegisterPasskey {
  registration_token: string
  name: string
  credential: RegistrationResponseJSON
}

export function registerPasskey({ credential, ...rest }: RegisterPasskey): Promise<PasskeyRegistered> {
  // The OpenAPI document types the credential as an object without properties.
  const body: Schemas['RegisterPasskeyRequest'] = { ...rest, credential: credential as unknown as Schemas['RegisterPasskeyRequest']['credential'] }
  return unwrap(api.POST('/api/v1/me/passkeys', { body }))
}

/** Stores the new passkey. The first second factor brings recovery codes, and the person's other
 * password-only sessions are signed out. */
export function useRegisterPasskey() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: registerPasskey,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['me'] }),
        client.invalidateQueries({ queryKey: SESSION_KEY }),
      ]),
  })
}
