import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { SESSION_KEY } from '@/lib/session'

export async function removePasskey({ id, password }: { id: string; password: string }): Promise<void> {
  await unwrap(api.DELETE('/api/v1/me/passkeys/{passkey_id}', { params: { path: { passkey_id: id } }, body: { password } }))
}

/** Removes one of the person's passkeys (password required); it no longer signs them in. */
export function useRemovePasskey() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: removePasskey,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['me'] }),
        client.invalidateQueries({ queryKey: SESSION_KEY }),
      ]),
  })
}
