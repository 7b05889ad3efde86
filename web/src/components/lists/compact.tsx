import { Box, Card, SimpleGrid, Stack, Text } from '@mantine/core'
import { useMediaQuery } from '@mantine/hooks'
import type { ReactNode } from 'react'

/**
 * Whether lists show as cards (phones and small tablets, below Mantine's `md`). Rendered either
 * way rather than both with CSS, as the rows hold form controls that must exist only once.
 */
export function useCompactList(): boolean {
  return useMediaQuery('(max-width: 61.99em)', false, { getInitialValueInEffect: false })
}

/** A labelled value on a card. */
export function CardField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box miw={0}>
      <Text size="xs" fw={600} c="gray.7" tt="uppercase">
        {label}
      </Text>
      <Box fz="sm">{children}</Box>
    </Box>
  )
}

/** One list item as a card: a heading area, labelled fields in two columns, then its actions. */
export function ListCard({
  label,
  heading,
  fields,
  actions,
}: {
  label: string
  heading: ReactNode
  fields: ReactNode
  actions?: ReactNode
}) {
  return (
    <Card withBorder radius="md" padding="sm" component="li" aria-label={label}>
      <Box mb="xs" miw={0}>
        {heading}
      </Box>
      <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
        {fields}
      </SimpleGrid>
      {actions ? <Box mt="sm">{actions}</Box> : null}
    </Card>
  )
}

/** The list holding the cards, named like the table it replaces. */
export function CardList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack component="ul" aria-label={label} gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
      {children}
    </Stack>
  )
}
