import { Button, Group, Select, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core'
import { PageNav } from '@/components/PageNav'
import { useDebouncedCallback } from '@mantine/hooks'
import { IconSearch } from '@tabler/icons-react'
import { useEffect, useState, type ReactNode } from 'react'
import { useSearchParams } from 'react-router'
import { EmptyState } from '@/components/States'
import { PageHeader } from '@/components/PageHeader'
import { can, useMembership, useOrgId, useSession } from '@/lib/session'
import { useDocuments, type DocumentResponse } from '../api/list-documents'
import { useMemberNames } from '../api/list-member-names'
import { DeleteDocumentModal } from '../components/DeleteDocumentModal'
import { DocumentsProblem } from '../components/DocumentsProblem'
import { DocumentsTable } from '../components/DocumentsTable'
import { canDeleteDocument } from '../components/permissions'
import {
  dateRangeProblem,
  hasActiveFilters,
  isSort,
  pageCount,
  readFilters,
  SORT_OPTIONS,
  toListParams,
  writeFilters,
  type ListFilters,
} from '../components/filters'
import { DOCUMENT_KINDS, isDocumentKind, KIND_LABELS } from '../components/kinds'
import { UploadArea } from '../components/UploadArea'

const TYPE_OPTIONS = [
  { value: 'all', label: 'All types' },
  ...DOCUMENT_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] })),
]

export default function DocumentsPage() {
  const orgId = useOrgId()
  const membership = useMembership()
  const currentUserId = useSession()?.user.id
  const canWrite = can(membership, 'documents.write')
  const [searchParams, setSearchParams] = useSearchParams()
  const filters = readFilters(searchParams)
  const rangeProblem = dateRangeProblem(filters.from, filters.to)
  const params = toListParams(filters)
  const documents = useDocuments(orgId, params)
  const names = useMemberNames(orgId)
  const [search, setSearch] = useState(filters.q)
  // Back/forward navigation changes the URL: keep the box in step (adjusting state in render).
  const [syncedQ, setSyncedQ] = useState(filters.q)
  if (filters.q !== syncedQ) {
    setSyncedQ(filters.q)
    if (search.trim() !== filters.q.trim()) setSearch(filters.q)
  }
  const [deleting, setDeleting] = useState<DocumentResponse | null>(null)

  function update(change: Partial<ListFilters>) {
    setSearchParams(writeFilters({ ...readFilters(searchParams), page: 1, ...change }))
  }
  const updateSearch = useDebouncedCallback((q: string) => {
    setSearchParams((current) => writeFilters({ ...readFilters(current), q, page: 1 }), { replace: true })
  }, 300)

  // After deletions the last page may be empty: go to the new last page.
  const total = documents.isPlaceholderData ? undefined : documents.data?.total
  const lastPage = total === undefined ? null : pageCount(total)
  useEffect(() => {
    if (lastPage !== null && filters.page > lastPage) {
      setSearchParams((current) => writeFilters({ ...readFilters(current), page: lastPage }), { replace: true })
    }
  }, [lastPage, filters.page, setSearchParams])

  const filtering = hasActiveFilters(filters)

  let list: ReactNode
  if (documents.isPending) {
    list = (
      <Stack gap="xs" aria-label="Loading documents">
        {[0, 1, 2, 3].map((row) => (
          <Skeleton key={row} height={36} />
        ))}
      </Stack>
    )
  } else if (documents.isError) {
    list = <DocumentsProblem error={documents.error} onRetry={() => void documents.refetch()} />
  } else if (documents.data.items.length === 0) {
    list = filtering ? (
      <EmptyState title="No documents match">
        Nothing matches these filters.{' '}
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => {
            updateSearch.cancel()
            setSearch('')
            update({ q: '', kind: null, from: '', to: '' })
          }}
        >
          Clear filters
        </Button>
      </EmptyState>
    ) : (
      <EmptyState title="No documents yet">
        {canWrite
          ? 'Upload policies, procedures and evidence above. Vigil checks each file for malware and the compliance engine checks it against your standards.'
          : 'Documents your organisation uploads will be listed here.'}
      </EmptyState>
    )
  } else {
    const pages = pageCount(documents.data.total)
    const first = documents.data.offset + 1
    const last = documents.data.offset + documents.data.items.length
    list = (
      <Stack gap="md">
        <DocumentsTable
          orgId={orgId}
          documents={documents.data.items}
          names={names.isError ? new Map<string, string>() : names.data}
          currentUserId={currentUserId}
          canDelete={(document) => canDeleteDocument(membership, currentUserId, document)}
          onDelete={setDeleting}
        />
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            {first}–{last} of {documents.data.total} {documents.data.total === 1 ? 'document' : 'documents'}
          </Text>
          {pages > 1 && (
            <PageNav label="Document pages" total={pages} value={Math.min(filters.page, pages)} onChange={(page) => update({ page })} />
          )}
        </Group>
      </Stack>
    )
  }

  return (
    <>
      <PageHeader
        title="Documents"
        description={
          canWrite
            ? 'Policies, procedures and evidence for your compliance checks. Only members of this organisation can see them.'
            : 'Policies, procedures and evidence for your compliance checks. Your role lets you view and download them; members and administrators upload.'
        }
      />
      {canWrite && <UploadArea orgId={orgId} />}

      <Stack gap="md">
        <Title order={2} size="h4">
          All documents
        </Title>
        <SimpleGrid component="search" aria-label="Filter documents" cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
          <TextInput
            label="Search documents"
            placeholder="Part of the name"
            type="search"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value)
              updateSearch(event.currentTarget.value)
            }}
          />
          <Select
            label="Type"
            data={TYPE_OPTIONS}
            value={filters.kind ?? 'all'}
            allowDeselect={false}
            onChange={(value) => update({ kind: isDocumentKind(value) ? value : null })}
          />
          <TextInput
            label="Uploaded from"
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(event) => update({ from: event.currentTarget.value })}
          />
          <TextInput
            label="Uploaded to"
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            error={rangeProblem}
            onChange={(event) => update({ to: event.currentTarget.value })}
          />
          <Select
            label="Sort by"
            data={SORT_OPTIONS.map((option) => ({ ...option }))}
            value={filters.sort}
            allowDeselect={false}
            onChange={(value) => value && isSort(value) && update({ sort: value })}
          />
        </SimpleGrid>
        {list}
      </Stack>

      <DeleteDocumentModal orgId={orgId} document={deleting} onClose={() => setDeleting(null)} />
    </>
  )
}
