import { Alert, Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core'
import { IconAlertTriangle, IconTrash } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { READABLE_DIMMED } from '@/components/organization/ReadableDimmed'
import { ProblemAlert } from '@/components/ProblemAlert'
import { organizationScope } from '@/lib/organization/cache'
import { SESSION_KEY } from '@/lib/session'
import { useDeleteOrganization } from '../api/delete-organization'
import { canConfirmDeletion, saveDeletionNotice, type DeletionNotice } from './deletion'

/** Owners only: delete the organisation, after typing its name. */
export function DangerZone({ orgId, name }: { orgId: string; name: string }) {
  const [opened, setOpened] = useState(false)
  const [typed, setTyped] = useState('')
  const remove = useDeleteOrganization(orgId)
  const client = useQueryClient()
  const navigate = useNavigate()
  const allowed = canConfirmDeletion(typed, name)

  const close = () => {
    if (remove.isPending) return
    setOpened(false)
    setTyped('')
    remove.reset()
  }

  const confirm = async () => {
    if (!allowed) return
    let purgeAfter: string
    try {
      purgeAfter = (await remove.mutateAsync()).purge_after
    } catch {
      return // shown in the modal
    }
    const notice: DeletionNotice = { name, purgeAfter }
    saveDeletionNotice(orgId, notice)
    // Leave the organisation's pages before the session forgets the membership.
    await navigate(`/organizations/${orgId}/deleted`, { state: notice, replace: true })
    client.removeQueries({ queryKey: organizationScope(orgId) })
    await client.invalidateQueries({ queryKey: SESSION_KEY })
  }

  return (
    <Paper withBorder p="lg" radius="md" style={{ borderColor: 'var(--mantine-color-red-4)' }} maw={720}>
      <Stack gap="sm">
        <Title order={2} size="h4" c="red.9">
          Deleting the organisation
        </Title>
        <Text size="sm">
          Everyone loses access at once. Owners can restore it during the grace period; after that its documents,
          compliance results, reports, members and audit log are purged for good.
        </Text>
        <Group>
          <Button color="red.9" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setOpened(true)}>
            Delete organisation
          </Button>
        </Group>
      </Stack>
      <Modal opened={opened} onClose={close} title={`Delete ${name}?`} centered style={READABLE_DIMMED} closeButtonProps={{ 'aria-label': 'Close' }}>
        <form
          onSubmit={(event) => {
            event.preventDefault()
            void confirm()
          }}
        >
          <Stack gap="md">
            <Alert color="red" icon={<IconAlertTriangle aria-hidden />}>
              All members lose access immediately. You can restore the organisation until its purge date, which is
              shown once it is deleted.
            </Alert>
            {remove.error && <ProblemAlert error={remove.error} title="The organisation was not deleted" />}
            <TextInput
              label="Type the organisation name to confirm"
              description={`Type “${name}” exactly as shown.`}
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
              autoComplete="off"
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={remove.isPending}>
                Cancel
              </Button>
              <Button type="submit" color="red.9" disabled={!allowed} loading={remove.isPending}>
                Delete this organisation
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  )
}
