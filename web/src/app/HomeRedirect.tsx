import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { Link, Navigate } from 'react-router'
import { ProblemAlert } from '@/components/ProblemAlert'
import { api } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { can, useSession } from '@/lib/session'

/** `/`: the organisation last used, or onboarding while an owner has not finished it. */
export function HomeRedirect() {
  const session = useSession()
  const orgId =
    session?.current_organization_id ?? session?.memberships[0]?.organization_id ?? null
  const membership = session?.memberships.find((m) => m.organization_id === orgId)
  // Those who can set the organisation up finish onboarding first.
  const onboards = can(membership, 'onboarding.manage')
  const onboarding = useQuery({
    queryKey: ['organizations', orgId, 'onboarding'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/organizations/{org_id}/onboarding', { params: { path: { org_id: orgId ?? '' } } })),
    enabled: orgId !== null && onboards,
  })
  if (!orgId) {
    return (
      <Center py="xl">
        <Stack align="center" maw={480}>
          <Title order={1} size="h2">You are not in an organisation yet</Title>
          <Text ta="center">
            Ask a colleague to invite you from their organisation&apos;s Members page, or create a new
            organisation.
          </Text>
          <Button component={Link} to="/organizations/new">Create an organisation</Button>
        </Stack>
      </Center>
    )
  }
  if (onboards) {
    if (onboarding.isPending) return <Center py="xl"><Loader aria-label="Loading" /></Center>
    if (onboarding.error) return <ProblemAlert error={onboarding.error} />
    if (!onboarding.data.completed) return <Navigate to={`/organizations/${orgId}/onboarding`} replace />
  }
  return <Navigate to={`/organizations/${orgId}/dashboard`} replace />
}
