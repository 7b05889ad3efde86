import { useMutation } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { send } from './request'

export async function unlockAccount(token: string): Promise<void> {
  await send(api.POST('/api/v1/auth/unlock', { body: { token } }))
}

/** Lifts a sign-in lock with the link from the "account locked" email. */
export function useUnlockAccount() {
  return useMutation({ mutationFn: unlockAccount })
}
