import { Button, Center, Stack, Text, Title } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useSyncExternalStore } from 'react'
import { Link, Outlet } from 'react-router'
import { AccessProblem, accessProblemOf, isAccessProblem } from '@/components/AccessProblem'
import { useMembership } from '@/lib/session'

/**
 * The refusal, if any request of this organisation was refused because the person's sign-in
 * does not meet its security policy yet (two-step verification, a passkey): one page then says
 * what to do, instead of every part of the page failing on its own.
 */
function useAccessProblem(orgId: string | undefined) {
  const client = useQueryClient()
  const cache = client.getQueryCache()
  const find = useCallback(() => {
    if (!orgId) return null
    for (const query of cache.findAll({ queryKey: ['organizations', orgId] })) {
      const problem = accessProblemOf(query.state.error)
      if (problem) return problem
    }
    return null
  }, [cache, orgId])
  const subscribe = useCallback((changed: () => void) => cache.subscribe(changed), [cache])
  const problem = useSyncExternalStore(subscribe, find, find)
  // A refusal left from an earlier visit may be out of date (a passkey added since): ask again.
  useEffect(() => {
    if (!orgId) return
    void client.resetQueries({ queryKey: ['organizations', orgId], predicate: (query) => isAccessProblem(query.state.error) })
  }, [client, orgId])
  return problem
}

/** Pages of one organisation: only for its members (AppLayout gives them its colours). */
export function OrganizationGuard() {
  const membership = useMembership()
  const problem = useAccessProblem(membership?.organization_id)
  if (!membership) {
    return (
      <Center py="xl">
        <Stack align="center" maw={520}>
          <Title order={1} size="h2">You don&apos;t have access to this organisation</Title>
          <Text ta="center">
            It does not exist, or you are not one of its members. If you should be, ask one of its
            administrators to invite you.
          </Text>
          <Button component={Link} to="/">Go to my organisation</Button>
        </Stack>
      </Center>
    )
  }
  if (problem) {
    return (
      <Center py="xl">
        <Stack maw={560} w="100%">
          <Title order={1} size="h2">
            One more step to open {membership.organization_name}
          </Title>
          <AccessProblem error={problem} />
        </Stack>
      </Center>
    )
  }
  return <Outlet />
}
