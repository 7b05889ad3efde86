import { Box, Button, Group, Image, Progress, Stack, Text } from '@mantine/core'
import { Dropzone } from '@mantine/dropzone'
import { IconPhoto, IconUpload, IconX } from '@tabler/icons-react'
import { useEffect, useId, useRef, useState, type CSSProperties, type ReactNode } from 'react'
import { formatBytes } from '@/lib/format'
import { LOGO_MAX_BYTES, LOGO_MIME_TYPES, logoRejectionMessage } from '@/lib/organization/branding'

interface Props {
  /** The saved logo, if any. */
  currentUrl: string | null | undefined
  organizationName: string
  file: File | null
  onFileChange: (file: File | null) => void
  /** The chosen file's object URL, to preview it. */
  previewUrl: string | null
  /** A message from the server about the last upload. */
  error?: string | null
  /** 0 to 1 while uploading, else null. */
  progress: number | null
  disabled?: boolean
  /** Shown next to the current logo (e.g. the "Remove logo" button). */
  currentActions?: ReactNode
}

const FIELDSET: CSSProperties = { border: 0, margin: 0, padding: 0, minWidth: 0 }
const VISUALLY_HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
}

/**
 * The file chosen for upload and an object URL to preview it; the URL is revoked when another
 * file is chosen and when the component unmounts.
 */
export function useChosenFile(): { file: File | null; url: string | null; choose: (file: File | null) => void } {
  const [chosen, setChosen] = useState<{ file: File; url: string } | null>(null)
  const current = useRef<string | null>(null)
  useEffect(
    () => () => {
      if (current.current) URL.revokeObjectURL(current.current)
    },
    [],
  )
  const choose = (file: File | null) => {
    if (current.current) URL.revokeObjectURL(current.current)
    const url = file ? URL.createObjectURL(file) : null
    current.current = url
    setChosen(file && url ? { file, url } : null)
  }
  return { file: chosen?.file ?? null, url: chosen?.url ?? null, choose }
}

/**
 * Drag and drop or pick a PNG, JPEG or WebP (≤ 2 MB). The picker opens from a real button
 * ("Upload logo"), so it works from the keyboard; the file input is labelled "Logo file".
 */
export function LogoPicker({
  currentUrl,
  organizationName,
  file,
  onFileChange,
  previewUrl,
  error,
  progress,
  disabled,
  currentActions,
}: Props) {
  const [rejection, setRejection] = useState<string | null>(null)
  const hintId = useId()
  const errorId = useId()
  const message = rejection ?? error ?? null

  return (
    <Stack gap="sm">
      <Text fw={600} size="sm">
        Logo
      </Text>
      {currentUrl && !file && (
        <Group gap="md" align="center">
          <Box p={4} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
            <Image src={currentUrl} alt={`Current logo of ${organizationName}`} h={72} w={120} fit="contain" />
          </Box>
          {currentActions}
        </Group>
      )}
      {file && previewUrl && (
        <Group gap="md" align="center" wrap="wrap">
          <Box p={4} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
            <Image
              src={previewUrl}
              alt="Preview of the chosen logo"
              h={72}
              w={120}
              fit="contain"
              style={{ objectFit: 'contain' }}
            />
          </Box>
          <Stack gap={2}>
            <Text size="sm" fw={500} style={{ wordBreak: 'break-all' }}>
              {file.name}
            </Text>
            <Text size="xs" c="gray.7">
              {formatBytes(file.size)} · uploaded when you save
            </Text>
            <Group gap="xs" mt={4}>
              <Button
                size="xs"
                variant="subtle"
                color="gray"
                leftSection={<IconX size={14} aria-hidden />}
                onClick={() => onFileChange(null)}
                disabled={disabled}
              >
                Discard chosen file
              </Button>
            </Group>
          </Stack>
        </Group>
      )}
      {/* The drop area is a group named "Upload logo"; its button opens the picker. */}
      <fieldset style={FIELDSET}>
        <legend style={VISUALLY_HIDDEN}>Upload logo</legend>
        <Dropzone
          onDrop={(files) => {
            setRejection(null)
            onFileChange(files[0] ?? null)
          }}
          onReject={(rejections) => {
            const first = rejections[0]
            if (first) setRejection(logoRejectionMessage(first.file, first.errors.map((e) => String(e.code))))
          }}
          accept={LOGO_MIME_TYPES}
          maxSize={LOGO_MAX_BYTES}
          multiple={false}
          disabled={disabled}
          // The button inside opens the picker (click bubbles up); the zone itself is not a
          // second tab stop.
          activateOnKeyboard={false}
          inputProps={{
            'aria-label': 'Logo file',
            'aria-describedby': message ? `${hintId} ${errorId}` : hintId,
          }}
          p="md"
        >
          <Group justify="center" gap="md" mih={88} wrap="wrap" style={{ pointerEvents: 'none' }}>
            <Dropzone.Accept>
              <IconUpload size={36} aria-hidden />
            </Dropzone.Accept>
            <Dropzone.Reject>
              <IconX size={36} aria-hidden />
            </Dropzone.Reject>
            <Dropzone.Idle>
              <IconPhoto size={36} aria-hidden />
            </Dropzone.Idle>
            <Stack gap={4} align="center">
              <Button
                type="button"
                variant="default"
                leftSection={<IconUpload size={16} aria-hidden />}
                disabled={disabled}
                aria-describedby={hintId}
                style={{ pointerEvents: 'auto' }}
              >
                Upload logo
              </Button>
              <Text size="xs" c="gray.7" ta="center" id={hintId}>
                Or drop an image here. PNG, JPEG or WebP, up to 2 MB; shown without cropping.
              </Text>
            </Stack>
          </Group>
        </Dropzone>
      </fieldset>
      {progress !== null && (
        <Progress value={Math.round(progress * 100)} aria-label="Logo upload progress" animated />
      )}
      {message && (
        <Text size="sm" c="red.9" role="alert" id={errorId}>
          {message}
        </Text>
      )}
    </Stack>
  )
}
