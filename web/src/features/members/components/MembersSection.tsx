import {
  Badge,
  Button,
  Group,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { PageNav } from '@/components/PageNav'
import { useDebouncedValue } from '@mantine/hooks'
import { IconSearch } from '@tabler/icons-react'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { EmptyState } from '@/components/States'
import { ProblemAlert } from '@/components/ProblemAlert'
import { formatDate } from '@/lib/format'
import { useMembers, useOwnerCount, type Member } from '../api/list-members'
import { useLeaveOrganization } from '../api/leave-organization'
import { useRemoveMember } from '../api/remove-member'
import { useUpdateMember } from '../api/update-member'
import { AccessModal } from './AccessModal'
import { CardField, CardList, ListCard, useCompactList } from '@/components/lists/compact'
import { ConfirmModal } from './ConfirmModal'
import { canManageMember, isLastOwner, roleChoices, roleLabel, withArticle } from './roles'
import { notifyFailure, notifySuccess } from '@/lib/notify'
import { can, type Membership } from '@/lib/session'

const PAGE_SIZE = 25

const LAST_OWNER = 'An organisation needs at least one owner. Make someone else an owner first.'

interface Props {
  orgId: string
  organizationName: string
  /** The signed-in person's membership: what they may do here comes from its permissions. */
  actor: Membership | undefined
  currentUserId: string | undefined
}

function fullName(member: Member): string {
  return `${member.first_name} ${member.last_name}`
}

/** The member list: search, pages, and (for administrators) role, access and removal. */
export function MembersSection({ orgId, organizationName, actor, currentUserId }: Props) {
  const navigate = useNavigate()
  const [search, setSearch] = useState('')
  const [query] = useDebouncedValue(search.trim(), 300)
  const [page, setPage] = useState(1)
  const members = useMembers(orgId, { q: query, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
  const ownerCount = useOwnerCount(orgId).data ?? null
  const update = useUpdateMember(orgId)
  const remove = useRemoveMember(orgId)
  const leave = useLeaveOrganization(orgId)
  const mayLeave = can(actor, 'membership.leave')
  const [removing, setRemoving] = useState<Member | null>(null)
  const [extending, setExtending] = useState<Member | null>(null)
  const compact = useCompactList()

  const changeRole = (member: Member, role: string | null) => {
    if (!role || role === member.role) return
    update.mutate(
      { userId: member.user_id, body: { role: role as Member['role'] } },
      {
        onSuccess: (updated) => notifySuccess('Role changed', `${fullName(updated)} is now ${withArticle(updated.role)}.`),
        onError: (err) => notifyFailure('The role was not changed', err),
      },
    )
  }

  const leaving = removing !== null && removing.user_id === currentUserId
  const confirmRemove = () => {
    if (!removing) return
    if (leaving) {
      leave.mutate(undefined, {
        onSuccess: () => {
          setRemoving(null)
          notifySuccess('You left the organisation', `You are no longer a member of ${organizationName}.`)
          void navigate('/', { replace: true })
        },
      })
      return
    }
    const name = fullName(removing)
    remove.mutate(removing.user_id, {
      onSuccess: () => {
        setRemoving(null)
        notifySuccess('Member removed', `${name} no longer has access to ${organizationName}.`)
      },
    })
  }
  const openRemove = (member: Member) => {
    remove.reset()
    leave.reset()
    setRemoving(member)
  }
  const ending = leaving ? leave : remove

  const total = members.data?.total ?? 0
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const pendingUser = update.isPending ? update.variables.userId : null

  let body
  if (members.isPending) {
    body = (
      <Stack gap="xs" aria-busy="true" aria-label="Loading members">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={40} />
        ))}
      </Stack>
    )
  } else if (members.error) {
    body = <ProblemAlert error={members.error} title="The members could not be loaded" onRetry={() => void members.refetch()} />
  } else if (members.data.items.length === 0) {
    body = query ? (
      <EmptyState title="No members match your search">Nobody&apos;s name or email contains “{query}”.</EmptyState>
    ) : (
      <EmptyState title="No members yet" />
    )
  } else {
    const nameOf = (member: Member, self: boolean) => (
      <>
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={compact ? 700 : 500} style={{ overflowWrap: 'anywhere' }}>
            {fullName(member)}
          </Text>
          {self && (
            <Badge size="xs" variant="light" color="gray" style={{ flexShrink: 0 }}>
              You
            </Badge>
          )}
        </Group>
        {member.job_title && (
          <Text size="xs" c="gray.7">
            {member.job_title}
          </Text>
        )}
      </>
    )
    const emailOf = (member: Member) => (
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {member.email}
      </Text>
    )
    const roleOf = (member: Member) => {
      const name = fullName(member)
      if (!canManageMember(actor, member.role)) {
        return (
          <Badge variant="light" color={member.role === 'owner' ? 'grape' : 'blue'} style={{ flexShrink: 0 }}>
            {roleLabel(member.role)}
          </Badge>
        )
      }
      return (
        <Tooltip label={LAST_OWNER} disabled={!isLastOwner(member.role, ownerCount)} multiline w={260} withArrow>
          <Select
            aria-label={`Role for ${name}`}
            size="xs"
            w={150}
            maw="100%"
            data={roleChoices(actor, member.role, ownerCount)}
            value={member.role}
            allowDeselect={false}
            disabled={pendingUser === member.user_id}
            onChange={(value) => changeRole(member, value)}
            comboboxProps={{ withinPortal: true, keepMounted: false }}
          />
        </Tooltip>
      )
    }
    const accessOf = (member: Member) =>
      member.access_expires_at ? (
        <Group gap={6} wrap="wrap">
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {formatDate(member.access_expires_at)}
          </Text>
          {member.access_expired && (
            <Badge size="xs" color="red" variant="light" style={{ flexShrink: 0 }}>
              Ended
            </Badge>
          )}
        </Group>
      ) : (
        <Text size="sm" c="gray.7">
          Ongoing
        </Text>
      )
    const actionsOf = (member: Member, self: boolean) => {
      const manageable = canManageMember(actor, member.role)
      const lastOwner = isLastOwner(member.role, ownerCount)
      const extend = manageable && member.access_expires_at
      const end = self ? mayLeave : manageable
      if (!extend && !end) return null
      return (
        <Group gap="xs" wrap={compact ? 'wrap' : 'nowrap'}>
          {extend && (
            <Button size="xs" variant="default" onClick={() => setExtending(member)}>
              Extend access
            </Button>
          )}
          {end && (
            <Tooltip label={LAST_OWNER} disabled={!lastOwner} multiline w={260} withArrow>
              <Button
                size="xs"
                variant={compact ? 'light' : 'subtle'}
                color="red"
                data-disabled={lastOwner || undefined}
                aria-disabled={lastOwner || undefined}
                onClick={() => !lastOwner && openRemove(member)}
              >
                {self ? 'Leave' : 'Remove'}
              </Button>
            </Tooltip>
          )}
        </Group>
      )
    }
    body = compact ? (
      <CardList label="Members">
        {members.data.items.map((member) => {
          const self = member.user_id === currentUserId
          return (
            <ListCard
              key={member.user_id}
              label={fullName(member)}
              heading={
                <>
                  {nameOf(member, self)}
                  {emailOf(member)}
                </>
              }
              fields={
                <>
                  <CardField label="Role">{roleOf(member)}</CardField>
                  <CardField label="Joined">{formatDate(member.joined_at)}</CardField>
                  <CardField label="Access until">{accessOf(member)}</CardField>
                </>
              }
              actions={actionsOf(member, self)}
            />
          )
        })}
      </CardList>
    ) : (
      <Table.ScrollContainer minWidth={900} type="native">
        <Table verticalSpacing="sm" highlightOnHover aria-label="Members">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Email</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Joined</Table.Th>
              <Table.Th scope="col">Access until</Table.Th>
              <Table.Th scope="col">Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data.items.map((member) => {
              const self = member.user_id === currentUserId
              return (
                <Table.Tr key={member.user_id}>
                  <Table.Td>{nameOf(member, self)}</Table.Td>
                  <Table.Td>{emailOf(member)}</Table.Td>
                  <Table.Td>{roleOf(member)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(member.joined_at)}</Text>
                  </Table.Td>
                  <Table.Td>{accessOf(member)}</Table.Td>
                  <Table.Td>{actionsOf(member, self)}</Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    )
  }

  return (
    <Stack gap="md">
      <TextInput
        label="Search members"
        placeholder="Name or email"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value)
          setPage(1)
        }}
        maw={360}
        type="search"
      />
      {body}
      {members.data && total > 0 && (
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Text size="sm" c="gray.7" aria-live="polite">
            {`Showing ${(page - 1) * PAGE_SIZE + 1}–${Math.min(page * PAGE_SIZE, total)} of ${total} ${total === 1 ? 'member' : 'members'}`}
          </Text>
          {pages > 1 && (
            <PageNav label="Member pages" total={pages} value={page} onChange={setPage} size="sm" />
          )}
        </Group>
      )}

      <AccessModal orgId={orgId} member={extending} onClose={() => setExtending(null)} />
      <ConfirmModal
        opened={removing !== null}
        title={leaving ? `Leave ${organizationName}?` : `Remove ${removing ? fullName(removing) : 'member'}?`}
        confirmLabel={leaving ? 'Leave organisation' : 'Remove member'}
        pending={ending.isPending}
        error={ending.error}
        onConfirm={confirmRemove}
        onClose={() => !ending.isPending && setRemoving(null)}
      >
        {leaving
          ? `You will lose access to ${organizationName} at once. To come back, an administrator must invite you again.`
          : `${removing ? fullName(removing) : 'This person'} will lose access to ${organizationName} at once. You can invite them again later.`}
      </ConfirmModal>
    </Stack>
  )
}
