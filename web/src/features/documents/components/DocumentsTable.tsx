import { Anchor, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core'
import { IconDownload, IconTrash } from '@tabler/icons-react'
import { Link } from 'react-router'
import { formatBytes, formatDateTime } from '@/lib/format'
import { documentContentUrl } from '../api/download-document'
import type { DocumentResponse } from '../api/list-documents'
import { kindLabel, uploaderName } from './kinds'

export function DocumentsTable({
  orgId,
  documents,
  names,
  currentUserId,
  canDelete,
  onDelete,
}: {
  orgId: string
  documents: DocumentResponse[]
  names: Map<string, string> | undefined
  currentUserId: string | undefined
  /** Whether the signed-in person may delete this document (own uploads, or any with `documents.delete_any`). */
  canDelete: (document: DocumentResponse) => boolean
  onDelete: (document: DocumentResponse) => void
}) {
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
                <Anchor component={Link} to={`/organizations/${orgId}/documents/${document.id}`} fw={600} style={{ wordBreak: 'break-word' }}>
                  {document.name}
                </Anchor>
              </Table.Th>
              <Table.Td>{kindLabel(document.kind)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(document.size_bytes)}</Table.Td>
              <Table.Td>{uploaderName(document, names, currentUserId)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" component="time" dateTime={document.created_at}>
                  {formatDateTime(document.created_at)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
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
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      leftSection={<IconTrash size={14} aria-hidden />}
                      onClick={() => onDelete(document)}
                    >
                      Delete
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
