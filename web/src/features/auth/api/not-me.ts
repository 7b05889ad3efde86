import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { SESSION_KEY } from '@/lib/session'
import { send } from './request'

export async function notMe(token: string): Promise<Schemas['Accepted']> {
  return (await send(api.POST('/api/v1/auth/not-me', { body: { token } }))).data
}

/** "This wasn't me": signs out every session of the account and emails a reset link. */
export function useNotMe() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: notMe,
    // Sessions of that account ended: check whether this browser's was one of them.
    onSuccess: () => client.invalidateQueries({ queryKey: SESSION_KEY }),
  })
}
