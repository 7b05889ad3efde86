import { Anchor, Badge, Button, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { useCompactList } from '@/components/lists/compact'
import type { Dashboard } from '../api/get-dashboard'
import { methodsByRole, mfaAdoption, onboardingProgress, passkeyRequirementText, tierName, type RoleMethods } from './summary'

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Stack gap="xs">
        <Title order={2} size="h5" c="gray.7" tt="uppercase" fw={700}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  )
}

/** Where the card's figures are acted on. */
function CardLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm">
      {children}
    </Anchor>
  )
}

function Row({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text size="sm">{label}</Text>
      <Text size="sm" fw={600} component="div">
        {value}
      </Text>
    </Group>
  )
}

/** "Finish setting up": shown until onboarding is completed. */
export function OnboardingCard({ orgId, onboarding }: { orgId: string; onboarding: Dashboard['onboarding'] }) {
  const { done, total } = onboardingProgress(onboarding)
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Finish setting up" bg="blue.0">
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Stack gap={6} style={{ flex: '1 1 260px' }}>
          <Title order={2} size="h4">
            Finish setting up
          </Title>
          <Text size="sm">
            {done} of {total} setup steps done. Add your organisation&apos;s details, branding and team to get the most
            out of Vigil.
          </Text>
          <Progress value={total ? (done / total) * 100 : 0} aria-label="Setup progress" size="sm" />
        </Stack>
        <Button component={Link} to={`/organizations/${orgId}/onboarding`}>
          Continue setup
        </Button>
      </Group>
    </Paper>
  )
}

export function DashboardCards({ orgId, dashboard }: { orgId: string; dashboard: Dashboard }) {
  const { members, seats, security } = dashboard
  const used = seats.members + seats.pending_invitations
  const limit = seats.limit ?? null
  const adoption = mfaAdoption(dashboard)
  const { compliance } = dashboard
  const byStatus = compliance.results_by_status
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
      <Card title="Compliance">
        <Text fz={32} fw={700} lh={1}>
          {compliance.results}
        </Text>
        <Text size="sm" c="gray.7">
          {compliance.results === 1 ? 'result' : 'results'} on {compliance.documents}{' '}
          {compliance.documents === 1 ? 'document' : 'documents'}
        </Text>
        <Stack gap={2}>
          <Row label="Compliant" value={<StatusLink orgId={orgId} status="compliant" count={byStatus.compliant} />} />
          <Row label="Partially compliant" value={<StatusLink orgId={orgId} status="partially_compliant" count={byStatus.partially_compliant} />} />
          <Row label="Non-compliant" value={<StatusLink orgId={orgId} status="non_compliant" count={byStatus.non_compliant} />} />
          <Row label="Not assessed" value={<StatusLink orgId={orgId} status="not_assessed" count={byStatus.not_assessed} />} />
          <Row
            label="Overdue reviews"
            value={
              compliance.overdue_reviews > 0 ? (
                <Badge color="red" variant="filled" component={Link} to={`/organizations/${orgId}/compliance?review=overdue`} style={{ cursor: 'pointer' }}>
                  {compliance.overdue_reviews}
                </Badge>
              ) : (
                0
              )
            }
          />
        </Stack>
        <CardLink to={`/organizations/${orgId}/compliance`}>All compliance results</CardLink>
      </Card>

      <Card title="Members">
        <Text fz={32} fw={700} lh={1}>
          {members.total}
        </Text>
        <Stack gap={2}>
          <Row label="Owners" value={members.owners} />
          <Row label="Administrators" value={members.admins} />
          <Row label="Members" value={members.members} />
          <Row label="Viewers" value={members.viewers} />
        </Stack>
        <CardLink to={`/organizations/${orgId}/members`}>Manage members</CardLink>
      </Card>

      <Card title="Seats">
        <Text fz={32} fw={700} lh={1}>
          {limit === null ? used : `${used} of ${limit}`}
        </Text>
        <Text size="sm" c="gray.7">
          {limit === null ? 'Seats in use (unlimited plan)' : 'Seats used'}
        </Text>
        {limit !== null && (
          <Progress
            value={limit > 0 ? Math.min(100, (used / limit) * 100) : 100}
            color={used >= limit ? 'red' : used / Math.max(limit, 1) >= 0.8 ? 'orange' : 'teal'}
            aria-label="Seats used"
            size="sm"
          />
        )}
        <Row label="Members" value={seats.members} />
        <Row label="Pending invitations" value={seats.pending_invitations} />
        {/* Seats are freed or filled on the members page, where invitations are resent or revoked. */}
        <CardLink to={`/organizations/${orgId}/members`}>Manage seats and invitations</CardLink>
      </Card>

      <Card title="Security">
        <Text fz={32} fw={700} lh={1}>
          {adoption}%
        </Text>
        <Text size="sm" c="gray.7">
          of members use two-step verification
        </Text>
        <Progress value={adoption} aria-label="Two-step verification adoption" size="sm" color={adoption === 100 ? 'teal' : 'orange'} />
        <Row label="Two-step verification" value={security.mfa_required ? 'Required' : 'Optional'} />
        <Row label="Members without it" value={security.members_without_mfa} />
        <Row label="Passkeys required for" value={passkeyRequirementText(security.passkeys_required)} />
        <MethodsTable rows={methodsByRole(security)} />
        <Row
          label="Locked accounts"
          value={
            security.locked_accounts > 0 ? (
              <Badge color="red" variant="light">
                {security.locked_accounts}
              </Badge>
            ) : (
              0
            )
          }
        />
        <CardLink to={`/organizations/${orgId}/settings?tab=security`}>Security policy</CardLink>
      </Card>

      <Card title="Plan">
        <Text fz={32} fw={700} lh={1}>
          {tierName(dashboard.subscription_tier)}
        </Text>
        <Text size="sm" c="gray.7">
          {limit === null ? 'Unlimited seats' : `Includes ${limit} seats`}
        </Text>
      </Card>
    </SimpleGrid>
  )
}

/** How each role signs in: password alone, an authenticator app, a passkey. */
function MethodsTable({ rows }: { rows: RoleMethods[] }) {
  const compact = useCompactList()
  if (rows.length === 0) return null
  // Members the policy asks for a passkey who have none stand out.
  const short = (row: RoleMethods, count: number) =>
    row.passkeyRequired && count > 0 ? (
      <Text span size="xs" fw={700} c="red.8">
        {count}
      </Text>
    ) : (
      count
    )
  const heading = (
    <Text span size="xs" c="gray.7">
      How members sign in (their strongest method)
    </Text>
  )
  if (compact) {
    // On phones, a list: nothing to scroll sideways.
    return (
      <Stack gap={4} component="section" aria-label="Sign-in methods by role">
        {heading}
        <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {rows.map((row) => (
            <Text component="li" key={row.role} size="xs">
              <Text span size="xs" fw={600}>
                {row.label}
                {row.passkeyRequired ? ' (passkey required)' : ''}:
              </Text>{' '}
              password only {short(row, row.none)}, authenticator app {short(row, row.totp)}, passkey {row.passkey}
            </Text>
          ))}
        </Stack>
      </Stack>
    )
  }
  return (
    <Table fz="xs" verticalSpacing={4} horizontalSpacing={6} withRowBorders={false} aria-label="Sign-in methods by role">
      <Table.Caption style={{ captionSide: 'top', textAlign: 'left', marginBottom: 4 }}>{heading}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Role</Table.Th>
          <Table.Th scope="col" ta="right">
            Password only
          </Table.Th>
          <Table.Th scope="col" ta="right">
            Authenticator app
          </Table.Th>
          <Table.Th scope="col" ta="right">
            Passkey
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.role}>
            <Table.Th scope="row" fw={500}>
              {row.label}
              {row.passkeyRequired && (
                <Text span size="xs" c="gray.7">
                  {' '}
                  (passkey required)
                </Text>
              )}
            </Table.Th>
            <Table.Td ta="right">{short(row, row.none)}</Table.Td>
            <Table.Td ta="right">{short(row, row.totp)}</Table.Td>
            <Table.Td ta="right">{row.passkey}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function StatusLink({ orgId, status, count }: { orgId: string; status: string; count: number }) {
  if (count === 0) return <>0</>
  return (
    <Anchor component={Link} to={`/organizations/${orgId}/compliance?status=${status}`} fw={600} size="sm">
      {count}
    </Anchor>
  )
}
