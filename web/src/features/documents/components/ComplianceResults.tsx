import { Badge, Box, Card, Group, Pagination, Paper, Progress, Skeleton, Stack, Text, Title } from '@mantine/core'
import { useId, useState, type ReactNode } from 'react'
import { EmptyState } from '@/components/States'
import { formatDateTime } from '@/lib/format'
import { useDocumentComplianceResults, type ComplianceResult } from '../api/list-document-compliance-results'
import { complianceStatus, formatScore, scoreColour } from './compliance'
import { DocumentsProblem } from './DocumentsProblem'

const PAGE_SIZE = 10

export function ComplianceResults({ orgId, documentId }: { orgId: string; documentId: string }) {
  const headingId = useId()
  const [page, setPage] = useState(1)
  const results = useDocumentComplianceResults(orgId, documentId, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })

  let body: ReactNode
  if (results.isPending) {
    body = (
      <Stack gap="sm" aria-label="Loading compliance results">
        <Skeleton height={80} />
        <Skeleton height={80} />
      </Stack>
    )
  } else if (results.isError) {
    body = <DocumentsProblem error={results.error} onRetry={() => void results.refetch()} />
  } else if (results.data.items.length === 0) {
    body = (
      <EmptyState title="No compliance results yet">
        Results appear here once the compliance engine has checked this document against a
        standard. Checks run after upload, so look again in a little while.
      </EmptyState>
    )
  } else {
    const pages = Math.max(1, Math.ceil(results.data.total / PAGE_SIZE))
    body = (
      <Stack gap="md">
        {results.data.items.map((result) => (
          <ResultCard key={result.id} result={result} />
        ))}
        {pages > 1 && (
          <Group component="nav" aria-label="Compliance result pages" justify="center">
            <Pagination
              total={pages}
              value={page}
              onChange={setPage}
              getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
              getControlProps={(control) => ({ 'aria-label': `${control.charAt(0).toUpperCase()}${control.slice(1)} page` })}
            />
          </Group>
        )}
      </Stack>
    )
  }

  return (
    <Paper component="section" aria-labelledby={headingId} withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
      <Title order={2} size="h3" id={headingId} mb="md">
        Compliance results
      </Title>
      {body}
    </Paper>
  )
}

function ResultCard({ result }: { result: ComplianceResult }) {
  const status = complianceStatus(result.status)
  const score = typeof result.score === 'number' ? result.score : null
  return (
    <Card withBorder radius="md" padding="md" component="article">
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={2}>
          <Title order={3} size="h4">
            {result.standard}
          </Title>
          <Text size="xs" c="dimmed">
            Checked {formatDateTime(result.created_at)}
          </Text>
        </Stack>
        <Badge color={status.colour} variant="light" size="lg">
          {status.label}
        </Badge>
      </Group>
      <Box mt="sm" maw={360}>
        <Text size="sm" fw={600}>
          Score: {formatScore(score)}
        </Text>
        {score !== null && (
          <Progress value={Math.max(0, Math.min(100, score))} color={scoreColour(score)} size="sm" mt={4} aria-label={`Score ${formatScore(score)}`} />
        )}
      </Box>
      <Box mt="md">
        <Text size="sm" fw={600} mb={4}>
          Findings
        </Text>
        {result.findings.length === 0 ? (
          <Text size="sm" c="dimmed">
            No findings were recorded.
          </Text>
        ) : (
          <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {result.findings.map((finding, index) => {
              const findingStatus = complianceStatus(finding.status)
              return (
                <Paper component="li" key={`${finding.requirement}-${index}`} withBorder radius="sm" p="sm">
                  <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
                    <Text size="sm" fw={600} style={{ flex: 1, minWidth: 200 }}>
                      {finding.requirement}
                    </Text>
                    <Badge color={findingStatus.colour} variant="outline">
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
        )}
      </Box>
    </Card>
  )
}
