import { Paper, Stack, Text, Title } from '@mantine/core'
import { useDocumentTitle } from '@mantine/hooks'
import type { ReactNode } from 'react'

/** The card of a public page: its one h1, an optional description, and the document title. */
export function AuthCard({ title, description, children }: { title: string; description?: ReactNode; children?: ReactNode }) {
  useDocumentTitle(`${title} · Vigil`)
  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }} shadow="xs">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={1} size="h2">
            {title}
          </Title>
          {description && <Text c="gray.7">{description}</Text>}
        </Stack>
        {children}
      </Stack>
    </Paper>
  )
}
