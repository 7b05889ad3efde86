import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type ApiClient = Schemas['ApiClientResponse']
export type Scope = Schemas['Scope']

export function apiClientsKey(orgId: string) {
  return ['organizations', orgId, 'api-clients'] as const
}

export function apiClientsQuery(orgId: string) {
  return queryOptions({
    queryKey: apiClientsKey(orgId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/organizations/{org_id}/api-clients', { params: { path: { org_id: orgId } } })),
  })
}

/** The organisation's API clients, newest first (revoked ones included). */
export function useApiClients(orgId: string, enabled = true) {
  return useQuery({ ...apiClientsQuery(orgId), enabled })
}

/** Creates a client; its answer is the only one that carries the secret. */
export function useCreateApiClient(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { name: string; scopes: Scope[] }) =>
      unwrap(api.POST('/api/v1/organizations/{org_id}/api-clients', { params: { path: { org_id: orgId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: apiClientsKey(orgId) }),
  })
}

/** Revokes a client: no new tokens, and its current ones stop working at once. */
export function useRevokeApiClient(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE('/api/v1/organizations/{org_id}/api-clients/{client_id}', {
          params: { path: { org_id: orgId, client_id: id } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: apiClientsKey(orgId) }),
  })
}
