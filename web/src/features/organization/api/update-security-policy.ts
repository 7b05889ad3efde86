import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { useOrganizationChanged } from '@/lib/organization/cache'
import { securityPolicyKey, type SecurityPolicy } from './get-security-policy'

export function updateSecurityPolicy(orgId: string, body: SecurityPolicy) {
  return unwrap(
    api.PUT('/api/v1/organizations/{org_id}/security-policy', { params: { path: { org_id: orgId } }, body }),
  )
}

/** Replaces the security policy. */
export function useUpdateSecurityPolicy(orgId: string) {
  const client = useQueryClient()
  const changed = useOrganizationChanged()
  return useMutation({
    mutationFn: (body: SecurityPolicy) => updateSecurityPolicy(orgId, body),
    onSuccess: async (policy) => {
      client.setQueryData(securityPolicyKey(orgId), policy)
      await changed(orgId)
    },
  })
}
