import { Anchor, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core'
import { IconFileText, IconUsers } from '@tabler/icons-react'
import { Link } from 'react-router'
import { PageHeader } from '@/components/PageHeader'
import { ProblemAlert } from '@/components/ProblemAlert'
import { EmptyState } from '@/components/States'
import { can, useMembership, useOrgId } from '@/lib/session'
import { useDashboard } from '../api/get-dashboard'
import { ActivityList } from '../components/ActivityList'
import { DashboardCards, OnboardingCard } from '../components/DashboardCards'
import { LockedMembers } from '../components/LockedMembers'
import { NextSteps } from '../components/NextSteps'

const ROLE_WORDS: Record<string, string> = {
  owner: 'an owner',
  admin: 'an administrator',
  member: 'a member',
  viewer: 'a viewer',
}

/** /organizations/:orgId/dashboard: the organisation at a glance. */
export default function DashboardPage() {
  const orgId = useOrgId()
  const membership = useMembership()
  const admin = can(membership, 'dashboard.read')
  const dashboard = useDashboard(orgId, admin)
  const fallbackName = membership?.organization_name ?? 'Dashboard'

  // The dashboard's figures are for owners and administrators (as in the API).
  if (!admin) {
    return (
      <>
        <PageHeader title={fallbackName} description="Dashboard" />
        <Paper withBorder p="lg" radius="md" maw={640}>
          <Stack>
            <Text>
              You are {ROLE_WORDS[membership?.role ?? ''] ?? 'a member'} of {fallbackName}.{' '}
              {can(membership, 'documents.write')
                ? 'You can upload documents and work with compliance results.'
                : 'You can read the organisation’s documents and compliance results.'}
            </Text>
            <Group>
              <Button component={Link} to={`/organizations/${orgId}/documents`} leftSection={<IconFileText size={18} aria-hidden />}>
                Open documents
              </Button>
              <Button component={Link} to={`/organizations/${orgId}/compliance`} variant="default">
                Compliance results
              </Button>
              <Button
                component={Link}
                to={`/organizations/${orgId}/members`}
                variant="default"
                leftSection={<IconUsers size={18} aria-hidden />}
              >
                See members
              </Button>
            </Group>
          </Stack>
        </Paper>
      </>
    )
  }

  if (dashboard.isPending) {
    return (
      <>
        <PageHeader title={fallbackName} description="Dashboard" />
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} aria-busy="true" aria-label="Loading the dashboard">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} height={180} radius="md" />
          ))}
        </SimpleGrid>
      </>
    )
  }

  if (dashboard.error) {
    return (
      <>
        <PageHeader title={fallbackName} description="Dashboard" />
        <ProblemAlert error={dashboard.error} title="The dashboard could not be loaded" onRetry={() => void dashboard.refetch()} />
      </>
    )
  }

  const data = dashboard.data
  return (
    <>
      <PageHeader title={data.organization_name} description="Dashboard" />
      <Stack gap="xl">
        {!data.onboarding.completed && <OnboardingCard orgId={orgId} onboarding={data.onboarding} />}
        <NextSteps orgId={orgId} dashboard={data} />
        <DashboardCards orgId={orgId} dashboard={data} />
        <LockedMembers members={data.security.locked_members} />
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="recent-activity-heading">
          <Group justify="space-between" mb="xs" wrap="wrap">
            <Title order={2} size="h4" id="recent-activity-heading">
              Recent activity
            </Title>
            {can(membership, 'audit_log.read') && (
              <Anchor component={Link} to={`/organizations/${orgId}/audit`} size="sm">
                View the full audit log
              </Anchor>
            )}
          </Group>
          {data.recent_activity.length === 0 ? (
            <EmptyState title="No activity yet">Changes to the organisation will show here.</EmptyState>
          ) : (
            <ActivityList events={data.recent_activity} />
          )}
        </Paper>
      </Stack>
    </>
  )
}
