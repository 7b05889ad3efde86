import { Button, Divider, Stack } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconUserPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { PageHeader } from '@/components/PageHeader'
import { hasRole, useMembership, useOrgId, useSession } from '@/lib/session'
import { useSeatUsage } from '../api/get-seat-usage'
import { InvitationsSection, type InvitationLinks } from '../components/InvitationsSection'
import { InviteModal } from '../components/InviteModal'
import { MembersSection } from '../components/MembersSection'
import { SeatUsageBar } from '../components/SeatUsageBar'

/** /organizations/:orgId/members: everyone sees the list; administrators manage it. */
export default function MembersPage() {
  const orgId = useOrgId()
  const session = useSession()
  const membership = useMembership()
  const role = membership?.role
  const manages = hasRole(role, 'admin')
  const seats = useSeatUsage(orgId, manages)
  const [inviting, { open, close }] = useDisclosure(false)
  // Invitation links are only in the answers to create and resend: kept for this visit.
  const [links, setLinks] = useState<InvitationLinks>({})
  const addLinks = (more: InvitationLinks) => setLinks((current) => ({ ...current, ...more }))

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
          manages ? (
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
          actorRole={role}
          currentUserId={session?.user.id}
        />
        {manages && (
          <>
            <Divider />
            <InvitationsSection orgId={orgId} currentUserId={session?.user.id} links={links} onLinks={addLinks} />
          </>
        )}
      </Stack>
      {manages && (
        <InviteModal opened={inviting} onClose={close} orgId={orgId} actorRole={role} onLinks={addLinks} />
      )}
    </>
  )
}
