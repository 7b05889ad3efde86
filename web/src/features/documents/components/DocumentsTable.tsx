import { Anchor, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core'
import { IconDownload, IconTrash } from '@tabler/icons-react'
import { Link } from 'react-router'
import { CardField, CardList, ListCard, useCompactList } from '@/components/lists/compact'
import { formatBytes, formatDateTime } from '@/lib/format'
import { documentContentUrl } from '../api/download-document'
import type { DocumentResponse } from '../api/list-documents'
import { kindLabel, uploaderName } from './kinds'

type Props = {
  orgId: string
  documents: DocumentResponse[]
  names: Map<string, string> | undefined
  currentUserId: string | undefined
  /** Whether the signed-in person may delete this document (own uploads, or any with `documents.delete_any`). */
  canDelete: (document: DocumentResponse) => boolean
  onDelete: (document: DocumentResponse) => void
}

/** The documents as a table, or as cards on phones and small tablets (actions always in reach). */
export function DocumentsTable(props: Props) {
  const compact = useCompactList()
  return compact ? <DocumentCards {...props} /> : <DocumentRows {...props} />
}

function DocumentName({ orgId, document }: { orgId: string; document: DocumentResponse }) {
  return (
    <Anchor component={Link} to={`/organizations/${orgId}/documents/${document.id}`} fw={600} style={{ wordBreak: 'break-word' }}>
      {document.name}
    </Anchor>
  )
}

function Uploaded({ document }: { document: DocumentResponse }) {
  return (
    <Text size="sm" component="time" dateTime={document.created_at}>
      {formatDateTime(document.created_at)}
    </Text>
  )
}

function DocumentActions({ orgId, document, canDelete, onDelete }: Pick<Props, 'orgId' | 'canDelete' | 'onDelete'> & { document: DocumentResponse }) {
  return (
    <>
      <Button
        component="a"
        href={documentContentUrl(orgId, document.id)}
        download
        size="xs"
        variant="default"
        leftSection={<IconDownload size={14} aria-hidden />}
      >
        Download
      </Button>
      {canDelete(document) && (
        <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => onDelete(document)}>
          Delete
        </Button>
      )}
    </>
  )
}

function DocumentCards({ orgId, documents, names, currentUserId, canDelete, onDelete }: Props) {
  return (
    <CardList label="Documents">
      {documents.map((document) => (
        <ListCard
          key={document.id}
          label={document.name}
          heading={<DocumentName orgId={orgId} document={document} />}
          fields={
            <>
              <CardField label="Type">{kindLabel(document.kind)}</CardField>
              <CardField label="Size">{formatBytes(document.size_bytes)}</CardField>
              <CardField label="Uploaded by">{uploaderName(document, names, currentUserId)}</CardField>
              <CardField label="Uploaded">
                <Uploaded document={document} />
              </CardField>
            </>
          }
          actions={
            <Group gap="xs">
              <DocumentActions orgId={orgId} document={document} canDelete={canDelete} onDelete={onDelete} />
            </Group>
          }
        />
      ))}
    </CardList>
  )
}

function DocumentRows({ orgId, documents, names, currentUserId, canDelete, onDelete }: Props) {
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Type</Table.Th>
            <Table.Th scope="col">Size</Table.Th>
            <Table.Th scope="col">Uploaded by</Table.Th>
            <Table.Th scope="col">Uploaded</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {documents.map((document) => (
            <Table.Tr key={document.id}>
              <Table.Th scope="row" fw={400} maw={320}>
                <DocumentName orgId={orgId} document={document} />
              </Table.Th>
              <Table.Td>{kindLabel(document.kind)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(document.size_bytes)}</Table.Td>
              <Table.Td>{uploaderName(document, names, currentUserId)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Uploaded document={document} />
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <DocumentActions orgId={orgId} document={document} canDelete={canDelete} onDelete={onDelete} />
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
