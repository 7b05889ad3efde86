import { Anchor, Badge, Box, Button, Group, Select, SimpleGrid, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core'
import { PageNav } from '@/components/PageNav'
import { IconPencil } from '@tabler/icons-react'
import { useEffect, useState, type ReactNode } from 'react'
import { Link, useSearchParams } from 'react-router'
import { ResultCard, ReviewDue } from '@/components/compliance/ResultCard'
import { ResultFormModal } from '@/components/compliance/ResultFormModal'
import { PageHeader } from '@/components/PageHeader'
import { ProblemAlert } from '@/components/ProblemAlert'
import { EmptyState } from '@/components/States'
import { useComplianceResults, type ComplianceResult } from '@/lib/compliance/results'
import { reviewerName, useReviewers } from '@/lib/compliance/reviewers'
import { standardLabel, standardOptions, useStandards } from '@/lib/compliance/standards'
import { complianceStatus, formatScore, isComplianceStatus, STATUS_OPTIONS } from '@/lib/compliance/status'
import { can, useMembership, useOrgId } from '@/lib/session'
import {
  hasActiveFilters,
  pageCount,
  readFilters,
  REVIEW_OPTIONS,
  SORT_OPTIONS,
  toListParams,
  writeFilters,
  type ResultFilters,
  type ReviewFilter,
} from '../components/filters'

/** The organisation's compliance results: filter by standard, status and review date; sort; page. */
export default function ResultsPage() {
  const orgId = useOrgId()
  const membership = useMembership()
  const canWrite = can(membership, 'compliance_results.write')
  const [searchParams, setSearchParams] = useSearchParams()
  const filters = readFilters(searchParams)
  const results = useComplianceResults(orgId, toListParams(filters))
  const standards = useStandards(orgId)
  const reviewers = useReviewers(orgId)
  const [editing, setEditing] = useState<ComplianceResult | null>(null)

  function update(change: Partial<ResultFilters>) {
    setSearchParams(writeFilters({ ...readFilters(searchParams), page: 1, ...change }))
  }

  // After edits the last page may be empty: go to the new last page.
  const total = results.isPlaceholderData ? undefined : results.data?.total
  const lastPage = total === undefined ? null : pageCount(total)
  useEffect(() => {
    if (lastPage !== null && filters.page > lastPage) {
      setSearchParams((current) => writeFilters({ ...readFilters(current), page: lastPage }), { replace: true })
    }
  }, [lastPage, filters.page, setSearchParams])

  const documentsLink = (
    <Anchor component={Link} to={`/organizations/${orgId}/documents`}>
      Documents
    </Anchor>
  )

  let list: ReactNode
  if (results.isPending) {
    list = (
      <Stack gap="xs" aria-label="Loading compliance results">
        {[0, 1, 2, 3].map((row) => (
          <Skeleton key={row} height={40} />
        ))}
      </Stack>
    )
  } else if (results.isError) {
    list = <ProblemAlert error={results.error} onRetry={() => void results.refetch()} />
  } else if (results.data.items.length === 0) {
    list = hasActiveFilters(filters) ? (
      <EmptyState title="No results match">
        Nothing matches these filters.{' '}
        <Button variant="subtle" size="compact-sm" onClick={() => update({ standard: null, status: null, review: 'all' })}>
          Clear filters
        </Button>
      </EmptyState>
    ) : (
      <EmptyState title="No compliance results yet">
        {canWrite ? (
          <>
            Staff record results on a document: open it from {documentsLink} and choose “Record a result”. The compliance
            engine posts results through the API with an API client that an owner or administrator creates.
          </>
        ) : (
          <>
            Results appear here when staff record them on a document, or when the compliance engine posts them through the
            API. None have been recorded yet.
          </>
        )}
      </EmptyState>
    )
  } else {
    const pages = pageCount(results.data.total)
    const first = results.data.offset + 1
    const last = results.data.offset + results.data.items.length
    const items = results.data.items
    list = (
      <Stack gap="md">
        <Box visibleFrom="md">
          <ResultsTable orgId={orgId} results={items} reviewers={reviewers.data} onEdit={canWrite ? setEditing : undefined} />
        </Box>
        <Stack hiddenFrom="md" gap="sm">
          {items.map((result) => (
            <ResultCard
              key={result.id}
              result={result}
              reviewers={reviewers.data}
              names={undefined}
              headingLevel={2}
              onEdit={canWrite ? setEditing : undefined}
              extra={
                <Anchor component={Link} to={`/organizations/${orgId}/documents/${result.document_id}`} size="sm" style={{ wordBreak: 'break-word' }}>
                  {result.document_name}
                </Anchor>
              }
            />
          ))}
        </Stack>
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="gray.7" aria-live="polite">
            {first}–{last} of {results.data.total} {results.data.total === 1 ? 'result' : 'results'}
          </Text>
          {pages > 1 && (
            <PageNav label="Result pages" total={pages} value={Math.min(filters.page, pages)} onChange={(page) => update({ page })} />
          )}
        </Group>
      </Stack>
    )
  }

  return (
    <>
      <PageHeader
        title="Compliance results"
        description="Every result recorded across your documents, by staff or by the compliance engine. Open a document to record a new one."
      />
      <Stack gap="md">
        <SimpleGrid component="search" aria-label="Filter results" cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <Select
            label="Standard"
            placeholder="All standards"
            data={standardOptions(standards.data ?? [], filters.standard)}
            value={filters.standard}
            searchable
            clearable
            nothingFoundMessage="No standard matches"
            onChange={(value) => update({ standard: value })}
          />
          <Select
            label="Status"
            data={[{ value: 'all', label: 'Any status' }, ...STATUS_OPTIONS.map((o) => ({ ...o }))]}
            value={filters.status ?? 'all'}
            allowDeselect={false}
            onChange={(value) => update({ status: isComplianceStatus(value) ? value : null })}
          />
          <Select
            label="Review"
            data={REVIEW_OPTIONS.map((o) => ({ ...o }))}
            value={filters.review}
            allowDeselect={false}
            onChange={(value) => value && update({ review: value as ReviewFilter })}
          />
          <Select
            label="Sort by"
            data={SORT_OPTIONS.map((o) => ({ ...o }))}
            value={filters.sort}
            allowDeselect={false}
            onChange={(value) => {
              const option = SORT_OPTIONS.find((o) => o.value === value)
              if (option) update({ sort: option.value })
            }}
          />
        </SimpleGrid>
        {list}
      </Stack>
      {editing && (
        <ResultFormModal
          orgId={orgId}
          documentId={editing.document_id}
          result={editing}
          opened
          onClose={() => setEditing(null)}
        />
      )}
    </>
  )
}

function ResultsTable({
  orgId,
  results,
  reviewers,
  onEdit,
}: {
  orgId: string
  results: ComplianceResult[]
  reviewers: Parameters<typeof reviewerName>[0]
  onEdit?: (result: ComplianceResult) => void
}) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Standard</Table.Th>
            <Table.Th scope="col">Document</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Score</Table.Th>
            <Table.Th scope="col">Review due</Table.Th>
            <Table.Th scope="col">Reviewer</Table.Th>
            {onEdit && (
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.map((result) => {
            const status = complianceStatus(result.status)
            return (
              <Table.Tr key={result.id}>
                <Table.Th scope="row" fw={400} maw={300}>
                  <Text size="sm" fw={600} style={{ wordBreak: 'break-word' }}>
                    {standardLabel(result)}
                  </Text>
                  {result.requirement && (
                    <Text size="xs" c="gray.7" style={{ wordBreak: 'break-word' }}>
                      {result.requirement}
                    </Text>
                  )}
                </Table.Th>
                <Table.Td maw={240}>
                  <Anchor component={Link} to={`/organizations/${orgId}/documents/${result.document_id}`} size="sm" style={{ wordBreak: 'break-word' }}>
                    {result.document_name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge color={status.colour} variant="light" style={{ flexShrink: 0 }}>
                    {status.label}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatScore(result.score)}</Table.Td>
                <Table.Td>
                  <ReviewDue result={result} />
                </Table.Td>
                <Table.Td>{reviewerName(reviewers, result.reviewer_id) ?? <Text span size="sm" c="gray.7">—</Text>}</Table.Td>
                {onEdit && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconPencil size={14} aria-hidden />}
                      onClick={() => onEdit(result)}
                      aria-label={`Edit result for ${standardLabel(result)} on ${result.document_name}`}
                    >
                      Edit
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
