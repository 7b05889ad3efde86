import { Badge, Button, Card, Group, Loader, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core'
import { PageNav } from '@/components/PageNav'
import { IconDownload, IconFileSpreadsheet } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { PageHeader } from '@/components/PageHeader'
import { ProblemAlert } from '@/components/ProblemAlert'
import { EmptyState } from '@/components/States'
import { formatBytes, formatDateTime } from '@/lib/format'
import { notifyFailure } from '@/lib/notify'
import { useMembership, useOrgId } from '@/lib/session'
import { downloadReport, reportContentUrl, useCreateReport, useReports, type Report } from '../api/reports'
import { kindTitle, offeredKinds } from '../components/kinds'

const PAGE_SIZE = 20

/** /organizations/:orgId/reports: ask for a report, watch it being built, download it. */
export default function ReportsPage() {
  const orgId = useOrgId()
  const membership = useMembership()
  const kinds = offeredKinds(membership)
  const [page, setPage] = useState(1)
  const reports = useReports(orgId, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
  const create = useCreateReport(orgId)

  let list: ReactNode
  if (reports.isPending) {
    list = (
      <Stack gap="xs" aria-label="Loading reports">
        <Skeleton height={64} />
        <Skeleton height={64} />
      </Stack>
    )
  } else if (reports.isError) {
    list = <ProblemAlert error={reports.error} onRetry={() => void reports.refetch()} />
  } else if (reports.data.items.length === 0) {
    list = (
      <EmptyState title="No reports yet">
        {kinds.length > 0
          ? 'Generate one above. It is built in the background and listed here to download when ready.'
          : 'Reports your organisation generates are listed here to download.'}
      </EmptyState>
    )
  } else {
    const pages = Math.max(1, Math.ceil(reports.data.total / PAGE_SIZE))
    list = (
      <Stack gap="sm">
        <Stack component="ul" gap="sm" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {reports.data.items.map((report) => (
            <ReportRow key={report.id} orgId={orgId} report={report} />
          ))}
        </Stack>
        {pages > 1 && (
          <PageNav label="Report pages" total={pages} value={page} onChange={setPage} justify="center" />
        )}
      </Stack>
    )
  }

  return (
    <>
      <PageHeader
        title="Reports"
        description="Spreadsheets of your compliance results and audit trail, for auditors, boards and accreditation."
      />
      <Stack gap="xl">
        {kinds.length > 0 && (
          <section aria-labelledby="generate-heading">
            <Title order={2} size="h4" id="generate-heading" mb="sm">
              Generate a report
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              {kinds.map((info) => (
                <Card key={info.kind} withBorder radius="md" padding="md">
                  <Stack gap="xs" h="100%" justify="space-between">
                    <div>
                      <Text fw={600}>{info.title}</Text>
                      <Text size="sm" c="gray.7">
                        {info.description}
                      </Text>
                    </div>
                    <Group>
                      <Button
                        leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
                        loading={create.isPending && create.variables === info.kind}
                        onClick={() =>
                          create.mutate(info.kind, {
                            onError: (error) => notifyFailure('The report was not requested', error),
                          })
                        }
                      >
                        Generate {info.title.toLowerCase()}
                      </Button>
                    </Group>
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
          </section>
        )}
        <section aria-labelledby="past-heading">
          <Title order={2} size="h4" id="past-heading" mb="sm">
            Past reports
          </Title>
          {list}
        </section>
      </Stack>
    </>
  )
}

function ReportRow({ orgId, report }: { orgId: string; report: Report }) {
  return (
    <Paper component="li" withBorder radius="md" p="md" aria-label={`${kindTitle(report.kind)}, ${formatDateTime(report.created_at)}`}>
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 240px', minWidth: 0 }}>
          <Text fw={600}>{kindTitle(report.kind)}</Text>
          <Text size="sm" c="gray.7" style={{ wordBreak: 'break-word' }}>
            {report.name}
          </Text>
          <Text size="xs" c="gray.7">
            Requested {formatDateTime(report.created_at)}
            {report.status === 'ready' && report.size_bytes != null ? ` · ${formatBytes(report.size_bytes)}` : ''}
          </Text>
        </Stack>
        {report.status === 'ready' && report.kind === 'audit_log' ? (
          <SensitiveDownload orgId={orgId} report={report} />
        ) : report.status === 'ready' ? (
          <Button
            component="a"
            href={reportContentUrl(orgId, report.id)}
            download
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
            aria-label={`Download ${report.name}`}
          >
            Download
          </Button>
        ) : report.status === 'failed' ? (
          <Stack gap={2} align="flex-end">
            <Badge color="red" variant="light">
              Failed
            </Badge>
            <Text size="xs" c="red.8">
              {report.error ?? 'It could not be built. Generate it again.'}
            </Text>
          </Stack>
        ) : (
          <Group gap="xs" component="output" aria-live="polite">
            <Loader size="sm" aria-hidden />
            <Text size="sm">Building…</Text>
          </Group>
        )}
      </Group>
    </Paper>
  )
}

/** An audit-log export: fetched through the API client, so a stale sign-in is confirmed first. */
function SensitiveDownload({ orgId, report }: { orgId: string; report: Report }) {
  const [busy, setBusy] = useState(false)
  async function download() {
    setBusy(true)
    try {
      await downloadReport(orgId, report)
    } catch (error) {
      notifyFailure('The report was not downloaded', error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button
      variant="default"
      loading={busy}
      onClick={() => void download()}
      leftSection={<IconDownload size={16} aria-hidden />}
      aria-label={`Download ${report.name}`}
    >
      Download
    </Button>
  )
}
