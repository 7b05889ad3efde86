import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { ProblemAlert } from '@/components/ProblemAlert'

interface Props {
  opened: boolean
  title: string
  children: ReactNode
  confirmLabel: string
  pending: boolean
  error?: unknown
  onConfirm: () => void
  onClose: () => void
}

/** A destructive action, asked once more in words. */
export function ConfirmModal({ opened, title, children, confirmLabel, pending, error, onConfirm, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        {typeof children === 'string' ? <Text size="sm">{children}</Text> : children}
        {error ? <ProblemAlert error={error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={pending}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
