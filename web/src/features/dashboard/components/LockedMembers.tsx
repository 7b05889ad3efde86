import { Badge, Paper, Table, Text, Title } from '@mantine/core'
import { formatDateTime } from '@/lib/format'
import type { Dashboard } from '../api/get-dashboard'

type LockedMember = Dashboard['security']['locked_members'][number]

const SCOPE_TEXT: Record<LockedMember['scope'], string> = {
  account: 'Everywhere (except their own signed-in browsers)',
  address: 'From some addresses only',
}

/** Members whose sign-in is locked right now; every lock ends by itself. */
export function LockedMembers({ members }: { members: LockedMember[] }) {
  if (members.length === 0) return null
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="locked-members-heading">
      <Title order={2} size="h4" id="locked-members-heading" mb="xs">
        Locked sign-ins
      </Title>
      <Text size="sm" c="gray.7" mb="sm">
        Sign-in was paused after repeated wrong passwords or codes. Each lock ends by itself; the person was emailed a
        link to unlock it sooner.
      </Text>
      <Table.ScrollContainer minWidth={520}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Member</Table.Th>
              <Table.Th>Locked</Table.Th>
              <Table.Th>Until</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((member) => (
              <Table.Tr key={member.user_id}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {member.name}
                  </Text>
                  <Text size="xs" c="gray.7">
                    {member.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={member.scope === 'account' ? 'red' : 'orange'} variant="light">
                    {SCOPE_TEXT[member.scope]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(member.locked_until)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  )
}
