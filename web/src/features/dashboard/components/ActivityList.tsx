import { Box, Group, Text } from '@mantine/core'
import { formatDateTime } from '@/lib/format'
import type { AuditEvent } from '../api/get-dashboard'
import { actorLabel, describeAction } from './audit-text'

/** Recent audit events as sentences: who, what, when. */
export function ActivityList({ events }: { events: AuditEvent[] }) {
  return (
    <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {events.map((event) => (
        <Box
          component="li"
          key={event.id}
          py="xs"
          style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
        >
          <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
            <Text size="sm" style={{ flex: '1 1 260px', overflowWrap: 'anywhere' }}>
              <Text span fw={600} inherit>
                {actorLabel(event)}
              </Text>{' '}
              {describeAction(event)}
            </Text>
            <Text size="xs" c="gray.7" component="time" dateTime={event.created_at}>
              {formatDateTime(event.created_at)}
            </Text>
          </Group>
        </Box>
      ))}
    </Box>
  )
}
