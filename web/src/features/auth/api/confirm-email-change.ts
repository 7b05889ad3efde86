import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { SESSION_KEY } from '@/lib/session'
import { send } from './request'

export type EmailChanged = Schemas['EmailChanged']

export async function confirmEmailChange(token: string): Promise<EmailChanged> {
  return (await send(api.POST('/api/v1/auth/email/confirm', { body: { token } }))).data
}

/** Confirms a new email address with the link sent to it. */
export function useConfirmEmailChange() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: confirmEmailChange,
    onSuccess: async () => {
      // A signed-in session shows the address: refresh it.
      await Promise.all([
        client.invalidateQueries({ queryKey: SESSION_KEY }),
        client.invalidateQueries({ queryKey: ['me'] }),
      ])
    },
  })
}
