import { Badge, Button, Group, Skeleton, Stack, Table, Text } from '@mantine/core'
import { useState, type ReactNode } from 'react'
import { EmptyState } from '@/components/States'
import { ProblemAlert } from '@/components/ProblemAlert'
import { CardField, CardList, ListCard, useCompactList } from '@/components/lists/compact'
import { formatDateTime } from '@/lib/format'
import { ACTIVITY_MAX, ACTIVITY_STEP, useMyActivity, type ActivityItem } from '../api/get-my-activity'
import { describeActivity, toneColour, type ActivityTone } from './activity'
import { SectionCard } from './SectionCard'

function activityKey(item: ActivityItem, index: number): string {
  return `${item.at}-${item.kind}-${item.event}-${index}`
}

function ResultBadge({ tone, result }: { tone: ActivityTone; result: string }) {
  return (
    <Badge color={toneColour(tone)} variant="light" style={{ flexShrink: 0 }}>
      {result}
    </Badge>
  )
}

export function ActivitySection() {
  const [limit, setLimit] = useState(ACTIVITY_STEP)
  const activity = useMyActivity(limit)
  const compact = useCompactList()

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
        {compact ? (
          <CardList label="Recent activity">
            {items.map((item, index) => {
              const described = describeActivity(item)
              return (
                <ListCard
                  key={activityKey(item, index)}
                  label={`${described.label}, ${formatDateTime(item.at)}`}
                  heading={
                    <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
                      <Text size="sm" fw={600} miw={0} style={{ overflowWrap: 'anywhere' }}>
                        {described.label}
                      </Text>
                      <ResultBadge tone={described.tone} result={described.result} />
                    </Group>
                  }
                  fields={
                    <>
                      <CardField label="When">{formatDateTime(item.at)}</CardField>
                      <CardField label="Device">{item.device ?? 'Unknown'}</CardField>
                      <CardField label="IP address">{item.ip ?? 'Unknown'}</CardField>
                    </>
                  }
                />
              )
            })}
          </CardList>
        ) : (
          <Table.ScrollContainer minWidth={720} type="native" tabIndex={0}>
            <Table verticalSpacing="xs" striped aria-label="Recent activity">
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
                    <Table.Tr key={activityKey(item, index)}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(item.at)}</Table.Td>
                      <Table.Td>{described.label}</Table.Td>
                      <Table.Td>
                        <ResultBadge tone={described.tone} result={described.result} />
                      </Table.Td>
                      <Table.Td>{item.device ?? 'Unknown'}</Table.Td>
                      <Table.Td>{item.ip ?? 'Unknown'}</Table.Td>
                    </Table.Tr>
                  )
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
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
