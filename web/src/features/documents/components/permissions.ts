import { can, type Membership } from '@/lib/session'
import type { DocumentResponse } from '../api/list-documents'

/**
 * Whether the signed-in person may delete this document (the API's rule): `documents.write`
 * for their own uploads, and `documents.delete_any` for anyone else's (another person's or an
 * API client's). Otherwise the API answers 403 `not-your-document`.
 */
export function canDeleteDocument(
  membership: Membership | null | undefined,
  currentUserId: string | undefined,
  document: Pick<DocumentResponse, 'uploaded_by_user'>,
): boolean {
  if (can(membership, 'documents.delete_any')) return true
  const own = currentUserId !== undefined && document.uploaded_by_user === currentUserId
  return own && can(membership, 'documents.write')
}
