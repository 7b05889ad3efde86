import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { myPasskeysKey, type PasskeyInfo } from './list-my-passkeys'

export function renamePasskey({ id, name }: { id: string; name: string }): Promise<PasskeyInfo> {
  return unwrap(api.PATCH('/api/v1/me/passkeys/{passkey_id}', { params: { path: { passkey_id: id } }, body: { name } }))
}

/** Gives one of the person's passkeys a new name. */
export function useRenamePasskey() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: renamePasskey,
    onSettled: () => client.invalidateQueries({ queryKey: myPasskeysKey }),
  })
}
