import { useMutation } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { useSetSession, type Session } from '@/lib/session'
import { send } from './request'

export type LoginRequest = Schemas['LoginRequest']
export type MfaRequired = Schemas['MfaRequired']

export type LoginOutcome = { kind: 'signed-in'; session: Session } | { kind: 'mfa'; challenge: MfaRequired }

export async function login(body: LoginRequest): Promise<LoginOutcome> {
  const { data, status } = await send(api.POST('/api/v1/auth/login', { body }))
  if (status === 202 && 'mfa_token' in data) return { kind: 'mfa', challenge: data }
  if ('csrf_token' in data) return { kind: 'signed-in', session: data }
  throw new Error('The sign-in answer was not understood. Reload the page and try again.')
}

/** Checks email and password: signs in (the session is stored) or asks for the second factor. */
export function useLogin() {
  const setSession = useSetSession()
  return useMutation({
    mutationFn: login,
    onSuccess: (outcome) => {
      if (outcome.kind === 'signed-in') setSession(outcome.session)
    },
  })
}
