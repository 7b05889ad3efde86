import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { SESSION_KEY } from '@/lib/session'

export type CreateOrganizationBody = Schemas['CreateOrganizationRequest']

export function createOrganization(body: CreateOrganizationBody) {
  return unwrap(api.POST('/api/v1/organizations', { body }))
}

/** Creates another organisation owned by the signed-in person; the session then lists it. */
export function useCreateOrganization() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: createOrganization,
    onSuccess: () => client.invalidateQueries({ queryKey: SESSION_KEY }),
  })
}
