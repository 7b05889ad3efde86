import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { myActivityKey } from './get-my-activity'

export type ChangeEmailRequest = Schemas['ChangeEmailRequest']
export type Accepted = Schemas['Accepted']

export function changeEmail(body: ChangeEmailRequest): Promise<Accepted> {
  return unwrap(api.PUT('/api/v1/me/email', { body }))
}

/** Asks for an email change: nothing changes until the link sent to the new address is used. */
export function useChangeEmail() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: changeEmail,
    onSuccess: () => client.invalidateQueries({ queryKey: myActivityKey }),
  })
}
