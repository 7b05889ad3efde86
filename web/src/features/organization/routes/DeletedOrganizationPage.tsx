import { Alert, Button, Group, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import { READABLE_ALERT, ReadableDimmed } from '@/components/organization/ReadableDimmed'
import { PageHeader } from '@/components/PageHeader'
import { ProblemAlert } from '@/components/ProblemAlert'
import { formatDateTime } from '@/lib/format'
import { notify } from '@/lib/notify'
import { useRestoreOrganization } from '../api/restore-organization'
import { clearDeletionNotice, parseDeletionNotice, readDeletionNotice } from '../components/deletion'

/**
 * Where an owner lands after deleting an organisation (outside the organisation's pages, which
 * it can no longer open): the purge date and the way back.
 */
export default function DeletedOrganizationPage() {
  return (
    <ReadableDimmed>
      <DeletedOrganizationPageContent />
    </ReadableDimmed>
  )
}

function DeletedOrganizationPageContent() {
  const { orgId = '' } = useParams()
  const location = useLocation()
  const navigate = useNavigate()
  const notice = parseDeletionNotice(location.state) ?? readDeletionNotice(orgId)
  const restore = useRestoreOrganization(orgId)
  const name = notice?.name ?? 'This organisation'

  const onRestore = () =>
    restore.mutate(undefined, {
      onSuccess: (org) => {
        clearDeletionNotice(orgId)
        notify({ color: 'teal', title: 'Organisation restored', message: `${org.name} is back, with everything in it.` })
        void navigate(`/organizations/${org.id}/settings`, { replace: true })
      },
    })

  return (
    <>
      <PageHeader title="Organisation scheduled for deletion" />
      <Stack gap="md" maw={720}>
        <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={`${name} is scheduled for deletion`}
          styles={READABLE_ALERT}
        >
          <Stack gap="sm">
            <Text size="sm">
              {notice
                ? `Its members have lost access. Its data and files will be purged for good on ${formatDateTime(notice.purgeAfter)}. Until then, an owner can restore it.`
                : 'Its members have lost access. Until its grace period ends, an owner can restore it; after that its data and files are purged for good.'}
            </Text>
            <Group>
              <Button onClick={onRestore} loading={restore.isPending}>
                Restore organisation
              </Button>
              <Button variant="default" component={Link} to="/">
                Go to my organisations
              </Button>
            </Group>
          </Stack>
        </Alert>
        {restore.error && <ProblemAlert error={restore.error} title="The organisation was not restored" />}
      </Stack>
    </>
  )
}
