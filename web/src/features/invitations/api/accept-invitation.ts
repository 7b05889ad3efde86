import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { isApiError, unwrap } from '@/lib/api/problem'
import { SESSION_KEY, useSetSession } from '@/lib/session'
import { previewKey } from './preview-invitation'

export type AcceptInvitationRequest = Schemas['AcceptInvitationRequest']

export function acceptInvitation(body: AcceptInvitationRequest) {
  return unwrap(api.POST('/api/v1/invitations/accept', { body }))
}

/**
 * Accepts an invitation. The answer is the session (new users are signed in by it), which
 * replaces the cached one so the new organisation is usable at once.
 */
export function useAcceptInvitation() {
  const client = useQueryClient()
  const setSession = useSetSession()
  return useMutation({
    mutationFn: acceptInvitation,
    onSuccess: (session) => {
      setSession(session)
      // The answer is fresh; refetching confirms the cookie in the background.
      void client.invalidateQueries({ queryKey: SESSION_KEY })
    },
    onError: async (error, body) => {
      // The link stopped working since the preview: show why instead of the form.
      if (isApiError(error) && (error.status === 410 || error.code === 'invitation-not-found')) {
        await client.invalidateQueries({ queryKey: previewKey(body.token) })
      }
    },
  })
}
