/**
 * The document's content (GET …/documents/{id}/content). Used as a plain link with `download`:
 * the API answers with Content-Disposition: attachment and the same-origin cookie goes along.
 */
export function documentContentUrl(orgId: string, documentId: string): string {
  return `/api/v1/organizations/${encodeURIComponent(orgId)}/documents/${encodeURIComponent(documentId)}/content`
}
