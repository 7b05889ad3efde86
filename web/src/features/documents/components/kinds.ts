import type { DocumentKind, DocumentResponse } from '../api/list-documents'

export const DOCUMENT_KINDS: DocumentKind[] = ['pdf', 'docx', 'xlsx', 'csv', 'txt', 'png', 'jpeg']

export const KIND_LABELS: Record<DocumentKind, string> = {
  pdf: 'PDF',
  docx: 'Word',
  xlsx: 'Excel',
  csv: 'CSV',
  txt: 'Text',
  png: 'PNG image',
  jpeg: 'JPEG image',
}

export function kindLabel(kind: string): string {
  return (KIND_LABELS as Record<string, string>)[kind] ?? kind.toUpperCase()
}

export function isDocumentKind(value: string | null | undefined): value is DocumentKind {
  return typeof value === 'string' && (DOCUMENT_KINDS as string[]).includes(value)
}

/** What the file picker offers; the server still checks the content, not the name. */
export const ACCEPT: Record<string, string[]> = {
  'application/pdf': ['.pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'text/csv': ['.csv'],
  'text/plain': ['.txt'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
}

/** The file input's `accept`: MIME types and extensions. */
export const ACCEPT_ATTRIBUTE = Object.entries(ACCEPT)
  .flatMap(([mime, extensions]) => [mime, ...extensions])
  .join(',')

export const ACCEPTED_TYPES_TEXT = 'PDF, Word (.docx), Excel (.xlsx), CSV, text, PNG or JPEG'

/** Who uploaded the document, in words. */
export function uploaderName(
  document: Pick<DocumentResponse, 'uploaded_by_user' | 'uploaded_by_client'>,
  names: Map<string, string> | undefined,
  currentUserId: string | undefined,
): string {
  const userId = document.uploaded_by_user
  if (userId) {
    if (userId === currentUserId) return 'You'
    if (!names) return '…'
    return names.get(userId) ?? 'Unknown member'
  }
  if (document.uploaded_by_client) return 'API client'
  return 'Unknown'
}
