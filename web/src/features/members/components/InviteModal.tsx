import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { ProblemAlert } from '@/components/ProblemAlert'
import { fieldErrors } from '@/lib/api/problem'
import { dateInputDaysFromNow, endOfDayIso, isDateInputValue } from '@/lib/date-input'
import { applyFieldErrors } from '@/lib/forms'
import { useCreateInvitations, type InvitationResult } from '../api/create-invitations'
import {
  emailProblem,
  failedRows,
  MAX_INVITATIONS,
  newRow,
  renameInvitationFields,
  toRequest,
  type InviteRow,
} from './invite-rows'
import { grantableRoles, ROLE_LABELS } from './roles'
import { notifySuccess } from '@/lib/notify'
import type { Membership } from '@/lib/session'

interface Props {
  opened: boolean
  onClose: () => void
  orgId: string
  /** The signed-in person's membership: which roles they may invite comes from its permissions. */
  actor: Membership | undefined
}

interface Values {
  rows: InviteRow[]
  accessEndsOn: string
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/** "Invite people": several addresses with a role each, sent as one batch. */
export function InviteModal({ opened, onClose, orgId, actor }: Props) {
  const create = useCreateInvitations(orgId)
  const roles = grantableRoles(actor)
  const roleData = roles.map((role) => ({ value: role, label: ROLE_LABELS[role] }))
  const [results, setResults] = useState<InvitationResult[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [done, setDone] = useState(false)

  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { rows: [newRow()], accessEndsOn: '' },
    validate: {
      rows: { email: (value) => emailProblem(value) },
      accessEndsOn: (value) => {
        if (!value) return null
        if (!isDateInputValue(value)) return 'Enter a date, or leave this empty for ongoing access.'
        if (value < dateInputDaysFromNow(1)) return 'Choose a date after today.'
        return null
      },
    },
  })

  const close = () => {
    if (create.isPending) return
    onClose()
    // Start afresh next time.
    form.reset()
    form.setValues({ rows: [newRow()], accessEndsOn: '' })
    setResults(null)
    setError(null)
    setDone(false)
    create.reset()
  }

  const submit = form.onSubmit((values) => {
    setError(null)
    const accessExpiresAt = values.accessEndsOn ? endOfDayIso(values.accessEndsOn) : null
    create.mutate(toRequest(values.rows, accessExpiresAt), {
      onSuccess: (response) => {
        setResults(response.results)
        if (response.invited > 0) {
          notifySuccess('Invitations sent', `${plural(response.invited, 'invitation', 'invitations')} sent by email.`)
        }
        const failed = failedRows(values.rows, response.results)
        if (failed.length > 0) {
          form.setValues({ rows: failed.map((f) => f.row) })
          form.setErrors(Object.fromEntries(failed.map((f, i) => [`rows.${i}.email`, f.reason])))
        } else {
          form.setValues({ rows: [newRow()], accessEndsOn: '' })
          setDone(true)
        }
      },
      onError: (err) => {
        applyFieldErrors(form, err, renameInvitationFields(Object.keys(fieldErrors(err))))
        setError(err)
      },
    })
  })

  const rows = form.getValues().rows
  const invited = results?.filter((r) => r.outcome === 'invited').length ?? 0
  const failed = (results?.length ?? 0) - invited

  return (
    <Modal opened={opened} onClose={close} title="Invite people" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        {results && (
          <Paper withBorder p="sm" radius="md" aria-live="polite">
            <Stack gap="xs">
              <Text fw={600} size="sm">
                {failed === 0
                  ? `${plural(invited, 'invitation', 'invitations')} sent by email.`
                  : invited === 0
                    ? `No invitations were sent: ${plural(failed, 'address', 'addresses')} failed.`
                    : `${plural(invited, 'invitation', 'invitations')} sent by email, ${failed} failed.`}
              </Text>
              <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                {results.map((result, index) => (
                  <Box component="li" key={`${result.email}-${index}`} py={4}>
                    <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                      <Stack gap={0} style={{ minWidth: 0 }}>
                        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                          {result.email}
                        </Text>
                        {result.outcome === 'failed' && (
                          <Text size="xs" c="red.9">
                            {result.message ?? 'This address could not be invited.'}
                          </Text>
                        )}
                      </Stack>
                      <Badge color={result.outcome === 'invited' ? 'cyan' : 'red'} variant="light" style={{ flexShrink: 0 }}>
                        {result.outcome === 'invited' ? 'Emailed' : 'Failed'}
                      </Badge>
                    </Group>
                  </Box>
                ))}
              </Box>
              {invited > 0 && (
                <Text size="xs" c="gray.7">
                  Each invitation was emailed to its address, with a link valid for 24 hours. The link is only in that
                  email, so only the person who reads that mailbox can join.
                </Text>
              )}
            </Stack>
          </Paper>
        )}

        {done ? (
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDone(false)}>
              Invite more people
            </Button>
            <Button onClick={close}>Done</Button>
          </Group>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack>
              {failed > 0 && (
                <Text size="sm">Correct the addresses below and send again, or remove them.</Text>
              )}
              {rows.map((row, index) => (
                <Group key={row.key} align="flex-start" gap="xs" wrap="wrap">
                  <TextInput
                    label="Email address"
                    type="email"
                    autoComplete="off"
                    required
                    style={{ flex: '1 1 220px' }}
                    {...form.getInputProps(`rows.${index}.email`)}
                  />
                  <Select
                    label="Role"
                    data={roleData}
                    allowDeselect={false}
                    comboboxProps={{ keepMounted: false }}
                    w={160}
                    {...form.getInputProps(`rows.${index}.role`)}
                  />
                  {rows.length > 1 && (
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      mt={26}
                      size="lg"
                      aria-label={`Remove ${row.email.trim() || `address ${index + 1}`} from the list`}
                      onClick={() => form.removeListItem('rows', index)}
                    >
                      <IconTrash size={18} aria-hidden />
                    </ActionIcon>
                  )}
                </Group>
              ))}
              {typeof form.errors.rows === 'string' && (
                <Text size="sm" c="red.9">
                  {form.errors.rows}
                </Text>
              )}
              <Group>
                <Button
                  variant="default"
                  leftSection={<IconPlus size={16} aria-hidden />}
                  onClick={() => form.insertListItem('rows', newRow(rows[rows.length - 1]?.role ?? 'member'))}
                  disabled={rows.length >= MAX_INVITATIONS}
                >
                  Add another
                </Button>
              </Group>
              <TextInput
                type="date"
                label="Access ends on (optional)"
                description="For locums and auditors: their membership ends by itself at the end of this day."
                descriptionProps={{ c: 'gray.7' }}
                min={dateInputDaysFromNow(1)}
                {...form.getInputProps('accessEndsOn')}
              />
              {error ? <ProblemAlert error={error} title="The invitations were not sent" /> : null}
              <Group justify="flex-end">
                <Button variant="default" onClick={close} disabled={create.isPending}>
                  {results ? 'Close' : 'Cancel'}
                </Button>
                <Button type="submit" loading={create.isPending}>
                  Send invitations
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Modal>
  )
}
