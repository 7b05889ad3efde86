import { Center, Loader, Stack, Text, ThemeIcon } from '@mantine/core'
import { IconInbox } from '@tabler/icons-react'
import type { ReactNode } from 'react'

export function LoadingState({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl">
      <Loader aria-label={label} />
    </Center>
  )
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Center py="xl">
      <Stack align="center" gap="xs" maw={420}>
        <ThemeIcon variant="light" size="xl" radius="xl" color="gray">
          <IconInbox aria-hidden />
        </ThemeIcon>
        <Text fw={600}>{title}</Text>
        {children && <Text c="dimmed" ta="center" size="sm">{children}</Text>}
      </Stack>
    </Center>
  )
}
