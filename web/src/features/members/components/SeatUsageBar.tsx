import { Paper, Progress, Stack, Text } from '@mantine/core'
import type { SeatUsage } from '../api/get-seat-usage'
import { seatSummary } from './seats'

/** Seats in use (members plus pending invitations) against the plan's limit. */
export function SeatUsageBar({ seats }: { seats: SeatUsage }) {
  const summary = seatSummary(seats)
  return (
    <Paper withBorder p="sm" radius="md" maw={520}>
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          {summary.headline}
        </Text>
        {summary.percent !== null && (
          <Progress
            value={summary.percent}
            color={summary.full ? 'red' : summary.percent >= 80 ? 'orange' : 'teal'}
            aria-label="Seats used"
            size="sm"
          />
        )}
        <Text size="xs" c="gray.7">
          {summary.detail}
        </Text>
      </Stack>
    </Paper>
  )
}
