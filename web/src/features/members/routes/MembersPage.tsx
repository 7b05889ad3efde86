import { Button, Divider, Stack } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconUserPlus } from '@tabler/icons-react'
import { PageHeader } from '@/components/PageHeader'
import { can, useMembership, useOrgId, useSession } from '@/lib/session'
import { useSeatUsage } from '../api/get-seat-usage'
import { InvitationsSection } from '../components/InvitationsSection'
import { InviteModal } from '../components/InviteModal'
import { MembersSection } from '../components/MembersSection'
import { SeatUsageBar } from '../components/SeatUsageBar'

/** /organizations/:orgId/members: everyone sees the list; administrators manage it. */
export default function MembersPage() {
  const orgId = useOrgId()
  const session = useSession()
  const membership = useMembership()
  const manages = can(membership, 'members.manage')
  const invites = can(membership, 'invitations.manage')
  // Seats are reported by the dashboard.
  const seats = useSeatUsage(orgId, can(membership, 'dashboard.read'))
  const [inviting, { open, close }] = useDisclosure(false)

  return (
    <>
      <PageHeader
        title="Members"
        description={
          manages
            ? `Who can use ${membership?.organization_name ?? 'this organisation'}, and what they may do.`
            : `The people in ${membership?.organization_name ?? 'this organisation'}.`
        }
        actions={
          invites ? (
            <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={open}>
              Invite people
            </Button>
          ) : undefined
        }
      />
      <Stack gap="xl">
        {manages && seats.data && <SeatUsageBar seats={seats.data} />}
        <MembersSection
          orgId={orgId}
          organizationName={membership?.organization_name ?? 'this organisation'}
          actor={membership}
          currentUserId={session?.user.id}
        />
        {invites && (
          <>
            <Divider />
            <InvitationsSection orgId={orgId} actor={membership} currentUserId={session?.user.id} />
          </>
        )}
      </Stack>
      {invites && <InviteModal opened={inviting} onClose={close} orgId={orgId} actor={membership} />}
    </>
  )
}
