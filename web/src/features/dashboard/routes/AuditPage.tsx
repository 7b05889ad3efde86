import { Alert, Button, Group, Paper, Select, SimpleGrid, Skeleton, Stack, Table, Text } from '@mantine/core'
import { IconAlertTriangle, IconChevronLeft, IconChevronRight, IconShieldCheck } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { PageHeader } from '@/components/PageHeader'
import { ProblemAlert } from '@/components/ProblemAlert'
import { EmptyState } from '@/components/States'
import { startOfDayIso, startOfNextDayIso } from '@/lib/date-input'
import { CardField, CardList, ListCard, useCompactList } from '@/components/lists/compact'
import { formatDateTime } from '@/lib/format'
import { can, useMembership, useOrgId } from '@/lib/session'
import { useAuditEvents, type AuditFilters } from '../api/list-audit-events'
import type { AuditEvent } from '../api/get-dashboard'
import { useActorOptions } from '../api/list-members'
import { useVerifyAuditChain } from '../api/verify-audit-chain'
import { ACTION_FILTERS, actionSentence, actorLabel } from '../components/audit-text'
import { DateFilter } from '../components/DateFilter'

const PAGE_SIZE = 50

/** /organizations/:orgId/audit: the tamper-evident log, filtered, with a chain check. */
export default function AuditPage() {
  const membership = useMembership()
  if (!can(membership, 'audit_log.read')) {
    return (
      <>
        <PageHeader title="Audit log" />
        <Alert color="blue" title="For owners and administrators">
          Only owners and administrators can view the audit log. Ask one of them if you need to know who changed
          something.
        </Alert>
      </>
    )
  }
  return <AuditLog />
}

function AuditLog() {
  const orgId = useOrgId()
  const [action, setAction] = useState<string | null>(null)
  const [actorId, setActorId] = useState<string | null>(null)
  const [fromDate, setFromDate] = useState('')
  const [toDate, setToDate] = useState('')
  // Cursor pages: the first page has no cursor; "Older" pushes the next one.
  const [cursors, setCursors] = useState<(number | null)[]>([null])
  const actors = useActorOptions(orgId)
  const verify = useVerifyAuditChain(orgId)

  const from = fromDate ? startOfDayIso(fromDate) : null
  const to = toDate ? startOfNextDayIso(toDate) : null
  const rangeProblem = from && to && from >= to ? 'The end date must be on or after the start date.' : null

  const filters: AuditFilters = useMemo(
    () => ({
      action: action ?? undefined,
      actorId: actorId ?? undefined,
      from: from ?? undefined,
      to: rangeProblem ? undefined : (to ?? undefined),
    }),
    [action, actorId, from, to, rangeProblem],
  )
  const cursor = cursors[cursors.length - 1] ?? null
  const events = useAuditEvents(orgId, filters, cursor, PAGE_SIZE)
  const firstPage = () => setCursors([null])
  const filtered = Boolean(action || actorId || fromDate || toDate)
  const compact = useCompactList()

  let body
  if (events.isPending) {
    body = (
      <Stack gap="xs" aria-busy="true" aria-label="Loading audit events">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={36} />
        ))}
      </Stack>
    )
  } else if (events.error) {
    body = <ProblemAlert error={events.error} title="The audit log could not be loaded" onRetry={() => void events.refetch()} />
  } else if (events.data.items.length === 0) {
    body = filtered ? (
      <EmptyState title="No events match these filters">Try a wider date range or clear the filters.</EmptyState>
    ) : (
      <EmptyState title="No events yet">Changes to the organisation are recorded here.</EmptyState>
    )
  } else {
    body = compact ? <AuditCards events={events.data.items} /> : <AuditTable events={events.data.items} />
  }

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to the organisation, newest first. Each event is chained to the one before it, so changes to the log can be detected."
        actions={
          <Button
            variant="default"
            leftSection={<IconShieldCheck size={18} aria-hidden />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
          >
            Verify integrity
          </Button>
        }
      />
      <Stack gap="lg">
        <div aria-live="polite">
          {verify.error ? <ProblemAlert error={verify.error} title="The audit log could not be checked" /> : null}
          {verify.data &&
            (verify.data.valid ? (
              <Alert color="cyan" icon={<IconShieldCheck aria-hidden />} title="The audit log is intact">
                All {verify.data.events_checked} {verify.data.events_checked === 1 ? 'event verifies' : 'events verify'}:
                none has been changed, removed or reordered.
              </Alert>
            ) : (
              <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title="The audit log has been altered">
                {verify.data.first_broken_seq
                  ? `The chain breaks at event #${verify.data.first_broken_seq}: that event, or one just before it, was changed, removed or reordered. `
                  : 'The chain does not verify: an event was changed, removed or reordered. '}
                {verify.data.events_checked} events were checked. Contact Vigil support and keep a copy of this page.
              </Alert>
            ))}
        </div>

        <Paper withBorder p="md" radius="md" component="section" aria-label="Filters">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            <Select
              label="Action"
              placeholder="Any action"
              data={ACTION_FILTERS}
              value={action}
              onChange={(value) => {
                setAction(value)
                firstPage()
              }}
              searchable
              clearable
              comboboxProps={{ keepMounted: false }}
              nothingFoundMessage="No such action"
            />
            <Select
              label="Actor"
              placeholder={actors.isPending ? 'Loading members…' : 'Anyone'}
              data={actors.data ?? []}
              value={actorId}
              onChange={(value) => {
                setActorId(value)
                firstPage()
              }}
              searchable
              clearable
              comboboxProps={{ keepMounted: false }}
              nothingFoundMessage="No such member"
              error={actors.error ? 'The member list could not be loaded.' : undefined}
            />
            <DateFilter
              label="From"
              value={fromDate}
              onChange={(value) => {
                setFromDate(value)
                firstPage()
              }}
            />
            <DateFilter
              label="To"
              value={toDate}
              error={rangeProblem}
              onChange={(value) => {
                setToDate(value)
                firstPage()
              }}
            />
          </SimpleGrid>
          {filtered && (
            <Group mt="sm">
              <Button
                variant="default"
                size="xs"
                onClick={() => {
                  setAction(null)
                  setActorId(null)
                  setFromDate('')
                  setToDate('')
                  firstPage()
                }}
              >
                Clear filters
              </Button>
            </Group>
          )}
        </Paper>

        {body}

        {events.data && (cursors.length > 1 || events.data.next_cursor != null) && (
          <Group justify="space-between" component="nav" aria-label="Audit log pages">
            <Button
              variant="default"
              leftSection={<IconChevronLeft size={16} aria-hidden />}
              disabled={cursors.length <= 1}
              onClick={() => setCursors((current) => current.slice(0, -1))}
            >
              Newer events
            </Button>
            <Text size="sm" c="gray.7">
              Page {cursors.length}
            </Text>
            <Button
              variant="default"
              rightSection={<IconChevronRight size={16} aria-hidden />}
              disabled={events.data.next_cursor == null || events.isPlaceholderData}
              onClick={() => {
                const next = events.data.next_cursor
                if (next != null) setCursors((current) => [...current, next])
              }}
            >
              Older events
            </Button>
          </Group>
        )}
      </Stack>
    </>
  )
}

function When({ event }: { event: AuditEvent }) {
  return (
    <Text size="sm" component="time" dateTime={event.created_at} style={{ whiteSpace: 'nowrap' }}>
      {formatDateTime(event.created_at)}
    </Text>
  )
}

function Who({ event }: { event: AuditEvent }) {
  return (
    <>
      <Text size="sm">{actorLabel(event)}</Text>
      {event.actor_name && event.actor_email && (
        <Text size="xs" c="gray.7" style={{ overflowWrap: 'anywhere' }}>
          {event.actor_email}
        </Text>
      )}
    </>
  )
}

function What({ event, strong = false }: { event: AuditEvent; strong?: boolean }) {
  return (
    <>
      <Text size="sm" fw={strong ? 600 : undefined} style={{ overflowWrap: 'anywhere' }}>
        {actionSentence(event)}
      </Text>
      <Text size="xs" c="gray.7" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
        {event.action}
      </Text>
    </>
  )
}

/** Phones and small tablets: one card per event, nothing to scroll sideways. */
function AuditCards({ events }: { events: AuditEvent[] }) {
  return (
    <CardList label="Audit events">
      {events.map((event) => (
        <ListCard
          key={event.id}
          label={`Event #${event.seq}`}
          heading={<What event={event} strong />}
          fields={
            <>
              <CardField label="When">
                <When event={event} />
              </CardField>
              <CardField label="Who">
                <Who event={event} />
              </CardField>
              <CardField label="IP address">{event.ip ?? '—'}</CardField>
              <CardField label="Event">#{event.seq}</CardField>
            </>
          }
        />
      ))}
    </CardList>
  )
}

function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <Table.ScrollContainer minWidth={760} type="native" tabIndex={0}>
      <Table verticalSpacing="xs" striped aria-label="Audit events">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">When</Table.Th>
            <Table.Th scope="col">Who</Table.Th>
            <Table.Th scope="col">What</Table.Th>
            <Table.Th scope="col">IP address</Table.Th>
            <Table.Th scope="col">Event</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td>
                <When event={event} />
              </Table.Td>
              <Table.Td>
                <Who event={event} />
              </Table.Td>
              <Table.Td>
                <What event={event} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{event.ip ?? '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">#{event.seq}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
