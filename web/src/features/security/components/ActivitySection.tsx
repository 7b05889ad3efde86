import { Badge, Button, Group, Skeleton, Stack, Table, Text } from '@mantine/core'
import { useState, type ReactNode } from 'react'
import { EmptyState } from '@/components/States'
import { ProblemAlert } from '@/components/ProblemAlert'
import { formatDateTime } from '@/lib/format'
import { ACTIVITY_MAX, ACTIVITY_STEP, useMyActivity } from '../api/get-my-activity'
import { describeActivity, toneColour } from './activity'
import { SectionCard } from './SectionCard'

export function ActivitySection() {
  const [limit, setLimit] = useState(ACTIVITY_STEP)
  const activity = useMyActivity(limit)

  let body: ReactNode
  if (activity.isPending) {
    body = (
      <Stack gap="xs" aria-label="Loading recent activity">
        <Skeleton height={28} />
        <Skeleton height={28} />
        <Skeleton height={28} />
      </Stack>
    )
  } else if (activity.isError) {
    body = <ProblemAlert error={activity.error} onRetry={() => void activity.refetch()} />
  } else if (activity.data.length === 0) {
    body = <EmptyState title="No activity yet">Sign-ins and changes to your account will be listed here.</EmptyState>
  } else {
    const items = activity.data
    const more = items.length >= limit && limit < ACTIVITY_MAX
    body = (
      <Stack gap="sm">
        <Table.ScrollContainer minWidth={720} type="native" tabIndex={0}>
          <Table verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Activity</Table.Th>
                <Table.Th scope="col">Result</Table.Th>
                <Table.Th scope="col">Device</Table.Th>
                <Table.Th scope="col">IP address</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item, index) => {
                const described = describeActivity(item)
                return (
                  <Table.Tr key={`${item.at}-${item.kind}-${item.event}-${index}`}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(item.at)}</Table.Td>
                    <Table.Td>{described.label}</Table.Td>
                    <Table.Td>
                      <Badge color={toneColour(described.tone)} variant="light">
                        {described.result}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{item.device ?? 'Unknown'}</Table.Td>
                    <Table.Td>{item.ip ?? 'Unknown'}</Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="space-between" gap="sm">
          <Text size="xs" c="dimmed" aria-live="polite">
            Showing the latest {items.length} {items.length === 1 ? 'item' : 'items'}.
          </Text>
          {more && (
            <Button
              variant="default"
              size="xs"
              loading={activity.isFetching}
              onClick={() => setLimit((current) => Math.min(current + ACTIVITY_STEP * 2, ACTIVITY_MAX))}
            >
              Show more activity
            </Button>
          )}
        </Group>
      </Stack>
    )
  }

  return (
    <SectionCard
      title="Recent activity"
      description="Sign-in attempts and changes to your account's security, newest first. If something here was not you, change your password and sign out your other sessions."
    >
      {body}
    </SectionCard>
  )
}
