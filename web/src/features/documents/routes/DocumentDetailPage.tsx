import { Anchor, Button, Code, CopyButton, DataList, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { IconArrowLeft, IconDownload, IconTrash } from '@tabler/icons-react'
import { useId, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { LoadingState } from '@/components/States'
import { PageHeader } from '@/components/PageHeader'
import { ApiError } from '@/lib/api/problem'
import { formatBytes, formatCount, formatDateTime } from '@/lib/format'
import { can, useMembership, useOrgId, useSession } from '@/lib/session'
import { documentContentUrl } from '../api/download-document'
import { useDocument } from '../api/get-document'
import { useMemberNames } from '../api/list-member-names'
import { ComplianceResults } from '../components/ComplianceResults'
import { DeleteDocumentModal } from '../components/DeleteDocumentModal'
import { DocumentsProblem } from '../components/DocumentsProblem'
import { kindLabel, uploaderName } from '../components/kinds'
import { canDeleteDocument } from '../components/permissions'

export default function DocumentDetailPage() {
  const orgId = useOrgId()
  const { documentId = '' } = useParams()
  const membership = useMembership()
  const currentUserId = useSession()?.user.id
  const document = useDocument(orgId, documentId)
  const names = useMemberNames(orgId)
  const navigate = useNavigate()
  const [deleting, setDeleting] = useState(false)
  const detailsId = useId()
  const listPath = `/organizations/${orgId}/documents`

  const back = (
    <Anchor component={Link} to={listPath} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
      <IconArrowLeft size={14} aria-hidden /> All documents
    </Anchor>
  )

  if (document.isPending) {
    return (
      <>
        {back}
        <PageHeader title="Document" />
        <LoadingState label="Loading the document" />
      </>
    )
  }
  if (document.isError) {
    const missing = document.error instanceof ApiError && document.error.status === 404
    return (
      <>
        {back}
        <PageHeader title={missing ? 'Document not found' : 'Document'} />
        <Stack gap="sm" align="flex-start">
          <DocumentsProblem
            error={document.error}
            onRetry={missing ? undefined : () => void document.refetch()}
          />
          {missing && (
            <Text size="sm">It may have been deleted. The list shows the documents that remain.</Text>
          )}
        </Stack>
      </>
    )
  }

  const doc = document.data
  return (
    <>
      {back}
      <PageHeader
        title={doc.name}
        description={`${kindLabel(doc.kind)} · ${formatBytes(doc.size_bytes)} · uploaded ${formatDateTime(doc.created_at)}`}
        actions={
          <>
            <Button component="a" href={documentContentUrl(orgId, doc.id)} download leftSection={<IconDownload size={16} aria-hidden />}>
              Download
            </Button>
            {canDeleteDocument(membership, currentUserId, doc) && (
              <Button variant="outline" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setDeleting(true)}>
                Delete
              </Button>
            )}
          </>
        }
      />
      <Stack gap="lg" maw={980}>
        <Paper component="section" aria-labelledby={detailsId} withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
          <Title order={2} size="h3" id={detailsId} mb="md">
            Details
          </Title>
          <DataList withDivider labelWidth={140}>
            <DataList.Item>
              <DataList.ItemLabel>Name</DataList.ItemLabel>
              <DataList.ItemValue style={{ wordBreak: 'break-word' }}>{doc.name}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Type</DataList.ItemLabel>
              <DataList.ItemValue>
                {kindLabel(doc.kind)}{' '}
                <Text span size="xs" c="dimmed">
                  ({doc.content_type})
                </Text>
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Size</DataList.ItemLabel>
              <DataList.ItemValue>
                {formatBytes(doc.size_bytes)}{' '}
                <Text span size="xs" c="dimmed">
                  ({formatCount(doc.size_bytes)} bytes)
                </Text>
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>SHA-256</DataList.ItemLabel>
              <DataList.ItemValue>
                <Group gap="xs" wrap="wrap" align="center">
                  <Code style={{ wordBreak: 'break-all' }}>{doc.sha256}</Code>
                  <CopyButton value={doc.sha256} timeout={2000}>
                    {({ copied, copy }) => (
                      <Button size="compact-xs" variant="default" onClick={copy}>
                        {copied ? 'Copied' : 'Copy SHA-256'}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Uploaded by</DataList.ItemLabel>
              <DataList.ItemValue>
                {uploaderName(doc, names.isError ? new Map<string, string>() : names.data, currentUserId)}
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Uploaded at</DataList.ItemLabel>
              <DataList.ItemValue>{formatDateTime(doc.created_at)}</DataList.ItemValue>
            </DataList.Item>
          </DataList>
        </Paper>
        <ComplianceResults orgId={orgId} documentId={doc.id} canWrite={can(membership, 'compliance_results.write')} />
      </Stack>
      <DeleteDocumentModal
        orgId={orgId}
        document={deleting ? { id: doc.id, name: doc.name } : null}
        onClose={() => setDeleting(false)}
        onDeleted={() => void navigate(listPath, { replace: true })}
      />
    </>
  )
}
