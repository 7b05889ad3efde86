import { ActionIcon, Alert, Button, Grid, Group, List, NativeSelect, Stack, Text, TextInput } from '@mantine/core'
import { IconCheck, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState, type FormEvent, type ReactNode } from 'react'
import { READABLE_ALERT } from '@/components/organization/ReadableDimmed'
import { ProblemAlert } from '@/components/ProblemAlert'
import { notify } from '@/lib/notify'
import type { Role } from '@/lib/session'
import { useCreateInvitations } from '../api/create-invitations'
import {
  MAX_ROWS,
  applyInvitationResults,
  invitationsRequest,
  newRow,
  roleLabel,
  roleOptions,
  type InviteRole,
  type InviteRow,
  type SentInvitation,
} from './invite-rows'

interface Props {
  orgId: string
  /** The roles the signed-in person may invite (from their permissions). */
  invitableRoles: readonly Role[]
  /** Everyone was invited, or the person chose to continue after some were. */
  onDone: (invited: SentInvitation[]) => void
  secondaryAction?: ReactNode
}

/** Several email + role rows sent as one batch; each address succeeds or fails on its own row. */
export function InviteTeamStep({ orgId, invitableRoles, onDone, secondaryAction }: Props) {
  const create = useCreateInvitations(orgId)
  const [rows, setRows] = useState<InviteRow[]>(() => [newRow(), newRow()])
  const [invited, setInvited] = useState<SentInvitation[]>([])
  const [problem, setProblem] = useState<unknown>(null)
  const options = roleOptions(invitableRoles)

  const change = (key: string, patch: Partial<InviteRow>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch, error: null } : row)))

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setProblem(null)
    const request = invitationsRequest(rows)
    if (!request) {
      setRows((current) =>
        current.map((row, index) => (index === 0 ? { ...row, error: 'Enter at least one email address.' } : row)),
      )
      return
    }
    create.mutate(request.body, {
      onSuccess: (response) => {
        const applied = applyInvitationResults(rows, request.rowIndexes, response.results)
        const allInvited = [...invited, ...applied.invited]
        setRows(applied.rows)
        setInvited(allInvited)
        if (response.failed === 0) {
          notify({
            color: 'teal',
            title: response.invited === 1 ? 'Invitation sent' : `${response.invited} invitations sent`,
            message: 'They will get an email with a link to join. Invitations expire after 24 hours.',
          })
          onDone(allInvited)
        } else {
          notify({
            color: 'yellow',
            title: `${response.invited} sent, ${response.failed} not sent`,
            message: 'The addresses that were not invited show why. Fix them and send again, or continue.',
          })
        }
      },
      onError: (error) => setProblem(error),
    })
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Invite your team">
      <Stack gap="md">
        {problem !== null && <ProblemAlert error={problem} title="No invitations were sent" />}
        {invited.length > 0 && (
          <Alert color="teal" icon={<IconCheck aria-hidden />} title="Invitations sent" styles={READABLE_ALERT}>
            <List size="sm" spacing={2}>
              {invited.map((sent) => (
                <List.Item key={sent.email}>
                  {sent.email} ({roleLabel(sent.role)})
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        {rows.map((row, index) => (
          <Grid key={row.key} gap="sm" align="flex-start">
            <Grid.Col span={{ base: 12, sm: 7 }}>
              <TextInput
                label={`Email address ${index + 1}`}
                type="email"
                autoComplete="off"
                placeholder="name@clinic.com.au"
                value={row.email}
                onChange={(event) => change(row.key, { email: event.currentTarget.value })}
                error={row.error}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 9, sm: 4 }}>
              <NativeSelect
                label={`Role ${index + 1}`}
                data={options}
                value={row.role}
                onChange={(event) => change(row.key, { role: event.currentTarget.value as InviteRole })}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 3, sm: 1 }}>
              {rows.length > 1 && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="lg"
                  mt={26}
                  aria-label={`Remove row ${index + 1}`}
                  onClick={() => setRows((current) => current.filter((r) => r.key !== row.key))}
                >
                  <IconTrash size={18} aria-hidden />
                </ActionIcon>
              )}
            </Grid.Col>
          </Grid>
        ))}
        <Group>
          <Button
            variant="subtle"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setRows((current) => [...current, newRow()])}
            disabled={rows.length >= MAX_ROWS}
          >
            Add another
          </Button>
        </Group>
        <Text size="xs" c="gray.7">
          Members work with documents, viewers can only read, administrators also manage members and settings.
        </Text>
        <Group justify="flex-end" gap="sm">
          {secondaryAction}
          {invited.length > 0 && (
            <Button variant="default" onClick={() => onDone(invited)}>
              Continue
            </Button>
          )}
          <Button type="submit" loading={create.isPending}>
            Send invitations
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
