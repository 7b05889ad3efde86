import type { Scope } from '../api/api-clients'

/** Every scope, what it lets a client do, in plain words. */
export const SCOPES: readonly { value: Scope; label: string; description: string }[] = [
  { value: 'documents:read', label: 'Read documents', description: 'List and download the organisation’s documents.' },
  { value: 'documents:write', label: 'Upload documents', description: 'Upload new documents.' },
  { value: 'compliance-results:read', label: 'Read compliance results', description: 'List results and the standards catalogue.' },
  { value: 'compliance-results:write', label: 'Record compliance results', description: 'Post new results and correct them.' },
  { value: 'reports:read', label: 'Read reports', description: 'List and download reports (not audit-log exports).' },
  { value: 'reports:write', label: 'Generate reports', description: 'Ask for compliance summaries.' },
]

/** What a compliance engine usually needs: read the documents, post results. */
export const ENGINE_SCOPES: Scope[] = ['documents:read', 'compliance-results:read', 'compliance-results:write']

export function scopeLabel(scope: string): string {
  return SCOPES.find((s) => s.value === scope)?.label ?? scope
}

/** "Never", or when the client last asked for a token. */
export function lastUsedText(lastUsedAt: string | null | undefined, format: (iso: string) => string): string {
  return lastUsedAt ? format(lastUsedAt) : 'Never used'
}
