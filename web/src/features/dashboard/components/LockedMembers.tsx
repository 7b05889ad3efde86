import { Badge, Paper, Table, Text, Title } from '@mantine/core'
import { CardField, CardList, ListCard, useCompactList } from '@/components/lists/compact'
import { formatDateTime } from '@/lib/format'
import type { Dashboard } from '../api/get-dashboard'

type LockedMember = Dashboard['security']['locked_members'][number]

const SCOPE_TEXT: Record<LockedMember['scope'], string> = {
  account: 'Everywhere (except their own signed-in browsers)',
  address: 'From some addresses only',
}

function Person({ member }: { member: LockedMember }) {
  return (
    <>
      <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
        {member.name}
      </Text>
      <Text size="xs" c="gray.7" style={{ overflowWrap: 'anywhere' }}>
        {member.email}
      </Text>
    </>
  )
}

function Scope({ member }: { member: LockedMember }) {
  // Long scope text wraps inside the badge instead of being clipped on narrow screens.
  return (
    <Badge
      color={member.scope === 'account' ? 'red' : 'orange'}
      variant="light"
      maw="100%"
      styles={{ root: { height: 'auto', lineHeight: 1.4, paddingBlock: 2 }, label: { whiteSpace: 'normal' } }}
    >
      {SCOPE_TEXT[member.scope]}
    </Badge>
  )
}

/** Members whose sign-in is locked right now; every lock ends by itself. */
export function LockedMembers({ members }: { members: LockedMember[] }) {
  const compact = useCompactList()
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
      {compact ? (
        <CardList label="Locked sign-ins">
          {members.map((member) => (
            <ListCard
              key={member.user_id}
              label={member.name}
              heading={<Person member={member} />}
              fields={
                <>
                  <CardField label="Locked">
                    <Scope member={member} />
                  </CardField>
                  <CardField label="Until">{formatDateTime(member.locked_until)}</CardField>
                </>
              }
            />
          ))}
        </CardList>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table aria-label="Locked sign-ins">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Member</Table.Th>
                <Table.Th scope="col">Locked</Table.Th>
                <Table.Th scope="col">Until</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {members.map((member) => (
                <Table.Tr key={member.user_id}>
                  <Table.Td>
                    <Person member={member} />
                  </Table.Td>
                  <Table.Td>
                    <Scope member={member} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(member.locked_until)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  )
}
