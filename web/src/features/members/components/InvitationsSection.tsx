import {
  Badge,
  Box,
  Button,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import { PageNav } from '@/components/PageNav'
import { useState } from 'react'
import { EmptyState } from '@/components/States'
import { ProblemAlert } from '@/components/ProblemAlert'
import { formatDate, formatDateTime } from '@/lib/format'
import { useInvitations, type Invitation, type InvitationStatus } from '../api/list-invitations'
import { useMemberNames } from '../api/list-members'
import { useResendInvitation } from '../api/resend-invitation'
import { useRevokeInvitation } from '../api/revoke-invitation'
import { CardField, CardList, ListCard, useCompactList } from '@/components/lists/compact'
import { ConfirmModal } from './ConfirmModal'
import { mayGrantRole, roleLabel } from './roles'
import { notifyFailure, notifySuccess } from '@/lib/notify'
import type { Membership } from '@/lib/session'

const PAGE_SIZE = 25


const STATUSES: { value: InvitationStatus; label: string }[] = [
  { value: 'pending', label: 'Pending' },
  { value: 'expired', label: 'Expired' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'revoked', label: 'Revoked' },
]

const STATUS_COLOURS: Record<InvitationStatus, string> = {
  pending: 'blue',
  expired: 'grape',
  accepted: 'cyan',
  revoked: 'gray',
}

const EMPTY: Record<InvitationStatus, string> = {
  pending: 'No pending invitations',
  expired: 'No expired invitations',
  accepted: 'No accepted invitations yet',
  revoked: 'No revoked invitations',
}

interface Props {
  orgId: string
  /** The signed-in person's membership: owner invitations need `owners.manage` to resend or revoke. */
  actor: Membership | undefined
  currentUserId: string | undefined
}

function whenText(invitation: Invitation): string {
  switch (invitation.status) {
    case 'accepted':
      return `Accepted ${formatDate(invitation.accepted_at)}`
    case 'revoked':
      return `Revoked ${formatDate(invitation.revoked_at)}`
    case 'expired':
      return `Expired ${formatDateTime(invitation.expires_at)}`
    default:
      return formatDateTime(invitation.expires_at)
  }
}

/**
 * Invitations by status, with resend and revoke. Links are never shown: they travel only in the
 * email to the invited address, so holding one proves the person reads that mailbox.
 */
export function InvitationsSection({ orgId, actor, currentUserId }: Props) {
  const [status, setStatus] = useState<InvitationStatus>('pending')
  const [page, setPage] = useState(1)
  const invitations = useInvitations(orgId, { status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
  const names = useMemberNames(orgId, true).data
  const resend = useResendInvitation(orgId)
  const revoke = useRevokeInvitation(orgId)
  const [revoking, setRevoking] = useState<Invitation | null>(null)
  const compact = useCompactList()

  const inviterName = (invitation: Invitation): string => {
    if (!invitation.invited_by) return '—'
    if (invitation.invited_by === currentUserId) return 'You'
    return names?.get(invitation.invited_by) ?? 'A former member'
  }

  const doResend = (invitation: Invitation) => {
    resend.mutate(invitation.id, {
      onSuccess: (updated) => {
        notifySuccess(
          'Invitation sent again',
          `A new link was emailed to ${updated.email}; the old link no longer works.`,
        )
        if (status !== 'pending') {
          setStatus('pending')
          setPage(1)
        }
      },
      onError: (err) => notifyFailure('The invitation was not sent again', err),
    })
  }

  const confirmRevoke = () => {
    if (!revoking) return
    const email = revoking.email
    revoke.mutate(revoking.id, {
      onSuccess: () => {
        setRevoking(null)
        notifySuccess('Invitation revoked', `The link sent to ${email} no longer works.`)
      },
    })
  }

  const total = invitations.data?.total ?? 0
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const resending = resend.isPending ? resend.variables : null

  let body
  if (invitations.isPending) {
    body = (
      <Stack gap="xs" aria-busy="true" aria-label="Loading invitations">
        {[0, 1].map((i) => (
          <Skeleton key={i} height={40} />
        ))}
      </Stack>
    )
  } else if (invitations.error) {
    body = (
      <ProblemAlert
        error={invitations.error}
        title="The invitations could not be loaded"
        onRetry={() => void invitations.refetch()}
      />
    )
  } else if (invitations.data.items.length === 0) {
    body = <EmptyState title={EMPTY[status]}>{status === 'pending' ? 'Use “Invite people” to add colleagues.' : null}</EmptyState>
  } else {
    const emailOf = (invitation: Invitation) => (
      <Text size="sm" fw={compact ? 700 : undefined} style={{ overflowWrap: 'anywhere' }}>
        {invitation.email}
      </Text>
    )
    const roleOf = (invitation: Invitation) => (
      <>
        <Text size="sm">{roleLabel(invitation.role)}</Text>
        {invitation.access_expires_at && (
          <Text size="xs" c="gray.7">
            Access until {formatDate(invitation.access_expires_at)}
          </Text>
        )}
      </>
    )
    const whenOf = (invitation: Invitation) => (
      <>
        <Text size="sm">{whenText(invitation)}</Text>
        {invitation.sent_count > 1 && (
          <Text size="xs" c="gray.7">
            Sent {invitation.sent_count} times
          </Text>
        )}
      </>
    )
    const statusOf = (invitation: Invitation) => (
      <Badge variant="light" color={STATUS_COLOURS[invitation.status]} style={{ flexShrink: 0 }}>
        {STATUSES.find((s) => s.value === invitation.status)?.label ?? invitation.status}
      </Badge>
    )
    const actionsOf = (invitation: Invitation) => {
      const open = invitation.status === 'pending' || invitation.status === 'expired'
      if (open && mayGrantRole(actor, invitation.role)) {
        return (
          <Group gap="xs" wrap={compact ? 'wrap' : 'nowrap'}>
            <Button
              size="xs"
              variant="default"
              loading={resending === invitation.id}
              disabled={resending !== null && resending !== invitation.id}
              onClick={() => doResend(invitation)}
            >
              Resend
            </Button>
            <Button
              size="xs"
              variant={compact ? 'light' : 'subtle'}
              color="red"
              onClick={() => {
                revoke.reset()
                setRevoking(invitation)
              }}
            >
              Revoke
            </Button>
          </Group>
        )
      }
      if (open) {
        return (
          <Text size="xs" c="gray.7">
            Only owners can resend or revoke owner invitations.
          </Text>
        )
      }
      return compact ? null : (
        <Text size="sm" c="gray.7">
          —
        </Text>
      )
    }
    body = compact ? (
      <CardList label="Invitations">
        {invitations.data.items.map((invitation) => (
          <ListCard
            key={invitation.id}
            label={`Invitation to ${invitation.email}`}
            heading={
              <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
                <Box miw={0}>{emailOf(invitation)}</Box>
                {statusOf(invitation)}
              </Group>
            }
            fields={
              <>
                <CardField label="Role">{roleOf(invitation)}</CardField>
                <CardField label="Invited by">{inviterName(invitation)}</CardField>
                <CardField label={invitation.status === 'pending' ? 'Expires' : 'When'}>{whenOf(invitation)}</CardField>
              </>
            }
            actions={actionsOf(invitation)}
          />
        ))}
      </CardList>
    ) : (
      <Table.ScrollContainer minWidth={980} type="native">
        <Table verticalSpacing="sm" aria-label="Invitations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Email</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Invited by</Table.Th>
              <Table.Th scope="col">Expires</Table.Th>
              <Table.Th scope="col" miw={110}>
                Status
              </Table.Th>
              <Table.Th scope="col">Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invitations.data.items.map((invitation) => (
              <Table.Tr key={invitation.id}>
                <Table.Td maw={320}>{emailOf(invitation)}</Table.Td>
                <Table.Td>{roleOf(invitation)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{inviterName(invitation)}</Text>
                </Table.Td>
                <Table.Td>{whenOf(invitation)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{statusOf(invitation)}</Table.Td>
                <Table.Td>{actionsOf(invitation)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    )
  }

  return (
    <Stack gap="md" component="section" aria-labelledby="invitations-heading">
      <Title order={2} size="h3" id="invitations-heading">
        Invitations
      </Title>
      <SegmentedControl
        aria-label="Invitation status"
        data={STATUSES}
        value={status}
        onChange={(value) => {
          setStatus(value as InvitationStatus)
          setPage(1)
        }}
        style={{ alignSelf: compact ? 'stretch' : 'flex-start' }}
        fullWidth={compact}
        size={compact ? 'xs' : 'sm'}
        maw="100%"
      />
      <Text size="sm" c="gray.7">
        Each invitation is emailed to the invited address, and only that email holds the link, so only the person who
        reads that mailbox can join. If someone did not get it, resend it: they get a new email and the old link stops
        working.
      </Text>
      {body}
      {invitations.data && pages > 1 && (
        <PageNav label="Invitation pages" total={pages} value={page} onChange={setPage} size="sm" />
      )}

      <ConfirmModal
        opened={revoking !== null}
        title="Revoke this invitation?"
        confirmLabel="Revoke invitation"
        pending={revoke.isPending}
        error={revoke.error}
        onConfirm={confirmRevoke}
        onClose={() => !revoke.isPending && setRevoking(null)}
      >
        {`The link sent to ${revoking?.email ?? 'this address'} will stop working at once. You can invite them again later.`}
      </ConfirmModal>
    </Stack>
  )
}
