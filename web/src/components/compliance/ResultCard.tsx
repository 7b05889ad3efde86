import { Badge, Box, Button, Card, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core'
import { IconPencil } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { CardField } from '@/components/lists/compact'
import { formatDateTime, formatDay } from '@/lib/format'
import type { ComplianceResult } from '@/lib/compliance/results'
import { reviewerName, type Reviewer } from '@/lib/compliance/reviewers'
import { standardLabel } from '@/lib/compliance/standards'
import { complianceStatus, formatScore, scoreColour } from '@/lib/compliance/status'

/** Who recorded a result: a person of the organisation, or an API client (the engine). */
export function recordedBy(result: ComplianceResult, names: Map<string, string> | undefined): string {
  if (result.created_by_client) return 'the compliance engine (API client)'
  if (result.created_by_user) return names?.get(result.created_by_user) ?? 'a former member'
  return 'a former member'
}

/** Review due date with an "Overdue" badge once it has passed. */
export function ReviewDue({ result }: { result: ComplianceResult }) {
  if (!result.review_due_on) return <Text size="sm" c="dimmed" span>No review date</Text>
  return (
    <Group gap={6} wrap="nowrap" component="span">
      <Text size="sm" span component="time" dateTime={result.review_due_on} style={{ whiteSpace: 'nowrap' }}>
        {formatDay(result.review_due_on)}
      </Text>
      {result.overdue && (
        <Badge color="red" variant="filled" size="sm" style={{ flexShrink: 0 }}>
          Overdue
        </Badge>
      )}
    </Group>
  )
}

/** One result in full: standard, requirement, status, score, review, notes and findings. */
export function ResultCard({
  result,
  reviewers,
  names,
  onEdit,
  headingLevel = 3,
  extra,
}: {
  result: ComplianceResult
  reviewers: readonly Reviewer[] | undefined
  names: Map<string, string> | undefined
  onEdit?: (result: ComplianceResult) => void
  headingLevel?: 2 | 3 | 4
  /** More lines under the heading (e.g. the document, on organisation-wide lists). */
  extra?: ReactNode
}) {
  const status = complianceStatus(result.status)
  const score = typeof result.score === 'number' ? result.score : null
  const label = standardLabel(result)
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-label={`${label}: ${status.label}`}>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ flex: 1, minWidth: 220 }}>
          <Title order={headingLevel} size="h4" style={{ wordBreak: 'break-word' }}>
            {label}
          </Title>
          {result.standard_name && (
            <Text size="xs" c="gray.7">
              {result.standard}
            </Text>
          )}
          {extra}
          <Text size="xs" c="gray.7">
            Recorded {formatDateTime(result.created_at)} by {recordedBy(result, names)}
            {result.updated_at ? ` · edited ${formatDateTime(result.updated_at)}` : ''}
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Badge color={status.colour} variant="light" size="lg" style={{ flexShrink: 0 }}>
            {status.label}
          </Badge>
          {onEdit && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPencil size={14} aria-hidden />}
              onClick={() => onEdit(result)}
              aria-label={`Edit result for ${label}`}
            >
              Edit
            </Button>
          )}
        </Group>
      </Group>
      <Group mt="sm" gap="xl" align="flex-start" wrap="wrap">
        <CardField label="Requirement">{result.requirement ?? <Text span c="dimmed" size="sm">Not stated</Text>}</CardField>
        <CardField label="Reviewer">
          {reviewerName(reviewers, result.reviewer_id) ?? <Text span c="dimmed" size="sm">No reviewer</Text>}
        </CardField>
        <CardField label="Review due">
          <ReviewDue result={result} />
        </CardField>
      </Group>
      <Box mt="sm" maw={360}>
        <Text size="sm" fw={600}>
          Score: {formatScore(score)}
        </Text>
        {score !== null && (
          <Progress value={Math.max(0, Math.min(100, score))} color={scoreColour(score)} size="sm" mt={4} aria-label={`Score ${formatScore(score)}`} />
        )}
      </Box>
      {result.notes && (
        <Box mt="sm">
          <Text size="sm" fw={600}>
            Notes
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {result.notes}
          </Text>
        </Box>
      )}
      {result.findings.length > 0 && (
        <Box mt="md">
          <Text size="sm" fw={600} mb={4}>
            Findings
          </Text>
          <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {result.findings.map((finding, index) => {
              const findingStatus = complianceStatus(finding.status)
              return (
                <Paper component="li" key={`${finding.requirement}-${index}`} withBorder radius="sm" p="sm">
                  <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
                    <Text size="sm" fw={600} style={{ flex: 1, minWidth: 160 }}>
                      {finding.requirement}
                    </Text>
                    <Badge color={findingStatus.colour} variant="outline" style={{ flexShrink: 0 }}>
                      {findingStatus.label}
                    </Badge>
                  </Group>
                  {finding.evidence && (
                    <Text size="sm" mt={4}>
                      <Text span fw={600}>Evidence: </Text>
                      {finding.evidence}
                    </Text>
                  )}
                  {finding.recommendation && (
                    <Text size="sm" mt={4}>
                      <Text span fw={600}>Recommendation: </Text>
                      {finding.recommendation}
                    </Text>
                  )}
                </Paper>
              )
            })}
          </Stack>
        </Box>
      )}
    </Card>
  )
}
