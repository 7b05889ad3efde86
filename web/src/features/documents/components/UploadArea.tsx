import { Anchor, Box, Button, CloseButton, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core'
import { Dropzone } from '@mantine/dropzone'
import { IconCloudUpload, IconFileX, IconUpload } from '@tabler/icons-react'
import { useId, useRef } from 'react'
import { Link } from 'react-router'
import { formatBytes } from '@/lib/format'
import { ACCEPT_ATTRIBUTE, ACCEPTED_TYPES_TEXT } from './kinds'
import { useUploads, type UploadItem } from './useUploads'

const TYPE_REFUSED = `This type of file is not accepted. Upload a ${ACCEPTED_TYPES_TEXT} file.`

export function UploadArea({ orgId }: { orgId: string }) {
  const headingId = useId()
  const openRef = useRef<() => void>(null)
  const uploads = useUploads(orgId)
  const finished = uploads.items.some((item) => item.status === 'done' || item.status === 'failed')

  return (
    <Paper component="section" aria-labelledby={headingId} withBorder radius="md" p={{ base: 'md', sm: 'lg' }} mb="lg">
      <Title order={2} size="h4" id={headingId} mb="sm">
        Upload
      </Title>
      <Box component="fieldset" aria-label="Upload documents" m={0} p={0} style={{ border: 0, minWidth: 0 }}>
        <Dropzone
          onDrop={uploads.add}
          onReject={(rejections) =>
            uploads.refuse(
              rejections.map(({ file, errors }) => ({
                name: file.name,
                size: file.size,
                reason: errors.some((e) => e.code === 'file-invalid-type')
                  ? TYPE_REFUSED
                  : (errors[0]?.message ?? 'This file cannot be uploaded.'),
              })),
            )
          }
          multiple
          openRef={openRef}
          activateOnClick={false}
          activateOnKeyboard={false}
          enablePointerEvents
          // The picker offers the accepted types, but every chosen file goes to the server,
          // which checks the real type from the content and explains a refusal.
          inputProps={{ 'aria-label': 'Document file', accept: ACCEPT_ATTRIBUTE }}
          radius="md"
        >
          <Stack align="center" gap="xs" py="lg" px="sm" ta="center">
            <Dropzone.Accept>
              <IconUpload size={40} aria-hidden />
            </Dropzone.Accept>
            <Dropzone.Reject>
              <IconFileX size={40} aria-hidden />
            </Dropzone.Reject>
            <Dropzone.Idle>
              <IconCloudUpload size={40} aria-hidden />
            </Dropzone.Idle>
            <Text fw={600}>Drag files here to upload them</Text>
            <Text size="sm" c="dimmed">
              {ACCEPTED_TYPES_TEXT}. Each file is checked for malware and for its real type before it is stored.
            </Text>
            <Button variant="outline" onClick={() => openRef.current?.()}>
              Choose files
            </Button>
          </Stack>
        </Dropzone>
      </Box>

      {uploads.items.length > 0 && (
        <Stack gap="xs" mt="md">
          <Group justify="space-between">
            <Text size="sm" fw={600}>
              Uploads
            </Text>
            {finished && (
              <Button size="xs" variant="subtle" onClick={uploads.clearFinished}>
                Clear finished
              </Button>
            )}
          </Group>
          <Stack component="ul" gap="xs" aria-label="Uploads" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {uploads.items.map((item) => (
              <UploadRow
                key={item.id}
                item={item}
                orgId={orgId}
                onCancel={() => uploads.cancel(item.id)}
                onRetry={() => uploads.retry(item.id)}
                onDismiss={() => uploads.dismiss(item.id)}
              />
            ))}
          </Stack>
        </Stack>
      )}
    </Paper>
  )
}

function UploadRow({
  item,
  orgId,
  onCancel,
  onRetry,
  onDismiss,
}: {
  item: UploadItem
  orgId: string
  onCancel: () => void
  onRetry: () => void
  onDismiss: () => void
}) {
  const active = item.status === 'uploading' || item.status === 'checking'
  const colour = item.status === 'failed' ? 'red' : item.status === 'done' ? 'green' : undefined
  return (
    <Paper component="li" withBorder radius="sm" p="sm">
      <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" fw={600} truncate="end" title={item.name}>
              {item.name}
            </Text>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {formatBytes(item.size)}
            </Text>
          </Group>
          {item.status !== 'failed' && (
            <Progress
              value={item.progress}
              color={colour}
              animated={item.status === 'checking'}
              striped={item.status === 'checking'}
              size="sm"
              aria-label={`Upload progress for ${item.name}`}
            />
          )}
          <Text size="xs" c={item.status === 'failed' ? 'red.8' : 'dimmed'} aria-live="polite">
            {item.status === 'uploading' && `Uploading… ${item.progress}%`}
            {item.status === 'checking' && 'Checking the file…'}
            {item.status === 'done' && (
              <>
                Uploaded.{' '}
                {item.documentId && (
                  <Anchor component={Link} to={`/organizations/${orgId}/documents/${item.documentId}`} size="xs">
                    Open {item.name}
                  </Anchor>
                )}
              </>
            )}
            {item.status === 'failed' && `Not uploaded: ${item.error ?? 'something went wrong.'}`}
          </Text>
        </Stack>
        <Group gap={4} wrap="nowrap">
          {active && (
            <Button size="xs" variant="subtle" color="gray" onClick={onCancel}>
              Cancel
            </Button>
          )}
          {item.status === 'failed' && item.retryable && (
            <Button size="xs" variant="subtle" onClick={onRetry}>
              Retry
            </Button>
          )}
          {!active && <CloseButton size="sm" aria-label={`Dismiss ${item.name}`} onClick={onDismiss} />}
        </Group>
      </Group>
    </Paper>
  )
}
