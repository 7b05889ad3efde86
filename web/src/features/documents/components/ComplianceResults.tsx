import { Button, Group, Paper, Skeleton, Stack, Title } from '@mantine/core'
import { PageNav } from '@/components/PageNav'
import { IconPlus } from '@tabler/icons-react'
import { useId, useState, type ReactNode } from 'react'
import { ResultCard } from '@/components/compliance/ResultCard'
import { ResultFormModal } from '@/components/compliance/ResultFormModal'
import { EmptyState } from '@/components/States'
import type { ComplianceResult } from '@/lib/compliance/results'
import { useReviewers } from '@/lib/compliance/reviewers'
import { useDocumentComplianceResults } from '../api/list-document-compliance-results'
import { useMemberNames } from '../api/list-member-names'
import { DocumentsProblem } from './DocumentsProblem'

const PAGE_SIZE = 10

export function ComplianceResults({ orgId, documentId, canWrite }: { orgId: string; documentId: string; canWrite: boolean }) {
  const headingId = useId()
  const [page, setPage] = useState(1)
  const results = useDocumentComplianceResults(orgId, documentId, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
  const reviewers = useReviewers(orgId)
  const names = useMemberNames(orgId)
  // null: closed; 'new': recording; a result: editing it.
  const [editing, setEditing] = useState<ComplianceResult | 'new' | null>(null)

  let body: ReactNode
  if (results.isPending) {
    body = (
      <Stack gap="sm" aria-label="Loading compliance results">
        <Skeleton height={80} />
        <Skeleton height={80} />
      </Stack>
    )
  } else if (results.isError) {
    body = <DocumentsProblem error={results.error} onRetry={() => void results.refetch()} />
  } else if (results.data.items.length === 0) {
    body = (
      <EmptyState title="No compliance results for this document">
        {canWrite
          ? 'Record one after you review this document against a standard. The compliance engine can also post results here through the API, with an API client an owner or administrator creates.'
          : 'Results appear here when staff record them after a review, or when the compliance engine posts them through the API. None have been recorded for this document.'}
      </EmptyState>
    )
  } else {
    const pages = Math.max(1, Math.ceil(results.data.total / PAGE_SIZE))
    body = (
      <Stack gap="md">
        {results.data.items.map((result) => (
          <ResultCard
            key={result.id}
            result={result}
            reviewers={reviewers.data}
            names={names.isError ? undefined : names.data}
            onEdit={canWrite ? setEditing : undefined}
          />
        ))}
        {pages > 1 && (
          <PageNav label="Compliance result pages" total={pages} value={page} onChange={setPage} justify="center" />
        )}
      </Stack>
    )
  }

  return (
    <Paper component="section" aria-labelledby={headingId} withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
      <Group justify="space-between" align="center" mb="md" gap="sm">
        <Title order={2} size="h3" id={headingId}>
          Compliance results
        </Title>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            Record a result
          </Button>
        )}
      </Group>
      {body}
      <ResultFormModal
        orgId={orgId}
        documentId={documentId}
        result={editing === 'new' ? null : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
    </Paper>
  )
}
