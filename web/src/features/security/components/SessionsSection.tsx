import { Badge, Button, Group, Modal, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState, type ReactNode } from 'react'
import { EmptyState } from '@/components/States'
import { ProblemAlert } from '@/components/ProblemAlert'
import { errorMessage } from '@/lib/api/problem'
import { CardField, CardList, ListCard, useCompactList } from '@/components/lists/compact'
import { formatDateTime } from '@/lib/format'
import { useMySessions, type SessionInfo } from '../api/list-my-sessions'
import { useRevokeMySession } from '../api/revoke-my-session'
import { useRevokeOtherSessions } from '../api/revoke-other-sessions'
import { SectionCard } from './SectionCard'

const AUTH_METHOD_TEXT: Record<SessionInfo['auth_method'], string> = {
  password: 'Signed in with a password only',
  password_totp: 'Signed in with a password and an authenticator code',
  password_recovery_code: 'Signed in with a password and a recovery code',
  password_passkey: 'Signed in with a password and a passkey',
  passkey: 'Signed in with a passkey',
}

function lastActive(session: SessionInfo): string {
  return session.current ? 'Now' : formatDateTime(session.last_seen_at)
}

/** The device, whether it is this one, and how and until when it is signed in. */
function SessionDevice({ session }: { session: SessionInfo }) {
  return (
    <>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
          {session.device}
        </Text>
        {session.current && (
          <Badge color="green" variant="light" style={{ flexShrink: 0 }}>
            This device
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {AUTH_METHOD_TEXT[session.auth_method] ?? 'Signed in'} on {formatDateTime(session.authenticated_at)}
      </Text>
      {session.remember_me && (
        <Text size="xs" c="dimmed">
          Remembered until {formatDateTime(session.expires_at)}
        </Text>
      )}
    </>
  )
}

export function SessionsSection() {
  const sessions = useMySessions()
  const revoke = useRevokeMySession()
  const revokeOthers = useRevokeOtherSessions()
  const [confirming, setConfirming] = useState(false)
  const [revoking, setRevoking] = useState<string | null>(null)
  const others = sessions.data?.filter((s) => !s.current).length ?? 0
  const compact = useCompactList()

  function signOut(id: string, device: string) {
    setRevoking(id)
    revoke.mutate(id, {
      onSuccess: () =>
        notifications.show({ color: 'green', title: 'Session signed out', message: `${device} is signed out.` }),
      onError: (err) =>
        notifications.show({ color: 'red', title: 'The session was not signed out', message: errorMessage(err) }),
      onSettled: () => setRevoking(null),
    })
  }

  function signOutOthers() {
    revokeOthers.mutate(undefined, {
      onSuccess: ({ revoked }) => {
        setConfirming(false)
        notifications.show({
          color: 'green',
          title: 'Other sessions signed out',
          message:
            revoked === 0
              ? 'There were no other sessions.'
              : `${revoked} ${revoked === 1 ? 'session was' : 'sessions were'} signed out.`,
        })
      },
    })
  }

  let body: ReactNode
  if (sessions.isPending) {
    body = (
      <Stack gap="xs" aria-label="Loading sessions">
        <Skeleton height={28} />
        <Skeleton height={28} />
      </Stack>
    )
  } else if (sessions.isError) {
    body = <ProblemAlert error={sessions.error} onRetry={() => void sessions.refetch()} />
  } else if (sessions.data.length === 0) {
    body = <EmptyState title="No active sessions" />
  } else {
    const signOutButton = (session: SessionInfo) =>
      session.current ? null : (
        <Button
          size="xs"
          variant="default"
          loading={revoking === session.id}
          onClick={() => signOut(session.id, session.device)}
          aria-label={`Sign out ${session.device}`}
        >
          Sign out
        </Button>
      )
    body = compact ? (
      <CardList label="Sessions">
        {sessions.data.map((session) => (
          <ListCard
            key={session.id}
            label={session.device}
            heading={<SessionDevice session={session} />}
            fields={
              <>
                <CardField label="IP address">{session.ip ?? 'Unknown'}</CardField>
                <CardField label="Signed in">{formatDateTime(session.created_at)}</CardField>
                <CardField label="Last active">{lastActive(session)}</CardField>
              </>
            }
            actions={signOutButton(session)}
          />
        ))}
      </CardList>
    ) : (
      <Table.ScrollContainer minWidth={680}>
        <Table verticalSpacing="sm" striped aria-label="Sessions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Device</Table.Th>
              <Table.Th scope="col">IP address</Table.Th>
              <Table.Th scope="col">Signed in</Table.Th>
              <Table.Th scope="col">Last active</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.data.map((session) => (
              <Table.Tr key={session.id}>
                <Table.Th scope="row" fw={400}>
                  <SessionDevice session={session} />
                </Table.Th>
                <Table.Td>{session.ip ?? 'Unknown'}</Table.Td>
                <Table.Td>{formatDateTime(session.created_at)}</Table.Td>
                <Table.Td>{lastActive(session)}</Table.Td>
                <Table.Td ta="right">{signOutButton(session)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    )
  }

  return (
    <SectionCard
      title="Active sessions"
      description="Browsers and devices signed in to your account. Sign out any you do not recognise, then change your password."
      actions={
        <Button variant="outline" color="red" disabled={others === 0} onClick={() => setConfirming(true)}>
          Sign out all other sessions
        </Button>
      }
    >
      {body}
      <Modal
        opened={confirming}
        onClose={() => {
          setConfirming(false)
          revokeOthers.reset()
        }}
        title="Sign out all other sessions?"
        centered
      >
        <Stack gap="sm">
          <Text size="sm">
            Every other browser and device signed in to your account ({others}{' '}
            {others === 1 ? 'session' : 'sessions'}) is signed out at once. This device stays signed in.
          </Text>
          {revokeOthers.isError && <ProblemAlert error={revokeOthers.error} />}
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              onClick={() => {
                setConfirming(false)
                revokeOthers.reset()
              }}
            >
              Cancel
            </Button>
            <Button color="red" loading={revokeOthers.isPending} onClick={signOutOthers}>
              Sign out other sessions
            </Button>
          </Group>
        </Stack>
      </Modal>
    </SectionCard>
  )
}
