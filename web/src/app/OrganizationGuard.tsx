import { Button, Center, Stack, Text, Title } from '@mantine/core'
import { Link, Outlet } from 'react-router'
import { useMembership } from '@/lib/session'

/** Pages of one organisation: only for its members (AppLayout gives them its colours). */
export function OrganizationGuard() {
  const membership = useMembership()
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
  return <Outlet />
}
