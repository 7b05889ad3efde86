import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { ProblemAlert } from '@/components/ProblemAlert'
import { useDeleteDocument } from '../api/delete-document'

/** Confirms and deletes a document (with its compliance results). */
export function DeleteDocumentModal({
  orgId,
  document,
  onClose,
  onDeleted,
}: {
  orgId: string
  document: { id: string; name: string } | null
  onClose: () => void
  onDeleted?: () => void
}) {
  const remove = useDeleteDocument(orgId)

  function close() {
    remove.reset()
    onClose()
  }

  function confirm() {
    if (!document) return
    remove.mutate(document.id, {
      onSuccess: () => {
        notifications.show({
          color: 'green',
          title: 'Document deleted',
          message: `“${document.name}” and its compliance results were deleted.`,
        })
        remove.reset()
        onClose()
        onDeleted?.()
      },
    })
  }

  return (
    <Modal opened={document !== null} onClose={close} title="Delete document?" centered>
      <Stack gap="sm">
        <Text size="sm">
          <Text span fw={600}>
            {document?.name}
          </Text>{' '}
          and its compliance results will be deleted for everyone in the organisation. This cannot
          be undone.
        </Text>
        {remove.isError && <ProblemAlert error={remove.error} title="The document was not deleted" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color="red" loading={remove.isPending} onClick={confirm}>
            Delete document
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
