import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { documentKey } from './get-document'
import { documentsKey } from './list-documents'

export async function deleteDocument(orgId: string, documentId: string): Promise<void> {
  await unwrap(
    api.DELETE('/api/v1/organizations/{org_id}/documents/{document_id}', {
      params: { path: { org_id: orgId, document_id: documentId } },
    }),
  )
}

/** Deletes a document with its compliance results; lists and the dashboard refresh. */
export function useDeleteDocument(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (documentId: string) => deleteDocument(orgId, documentId),
    onSuccess: async (_, documentId) => {
      client.removeQueries({ queryKey: documentKey(orgId, documentId) })
      await Promise.all([
        client.invalidateQueries({ queryKey: [...documentsKey(orgId), 'list'] }),
        client.invalidateQueries({ queryKey: ['organizations', orgId, 'dashboard'] }),
        client.invalidateQueries({ queryKey: ['organizations', orgId, 'compliance-results'] }),
      ])
    },
  })
}
