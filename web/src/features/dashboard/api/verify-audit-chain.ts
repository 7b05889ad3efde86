import { useMutation } from '@tanstack/react-query'
import { api, type Schemas } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'

export type AuditChainStatus = Schemas['AuditChainStatus']

export function verifyAuditChain(orgId: string) {
  return unwrap(
    api.GET('/api/v1/organizations/{org_id}/audit-events/verification', { params: { path: { org_id: orgId } } }),
  )
}

/** Recomputes the hash chain on demand (a button, so a mutation rather than a cached query). */
export function useVerifyAuditChain(orgId: string) {
  return useMutation({ mutationFn: () => verifyAuditChain(orgId) })
}
