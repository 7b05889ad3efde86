import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useEffect } from 'react'
import { ProblemAlert } from '@/components/ProblemAlert'
import { formatDate } from '@/lib/format'
import { dateInputDaysFromNow, endOfDayIso, isDateInputValue, toDateInputValue } from '@/lib/date-input'
import { applyFieldErrors } from '@/lib/forms'
import type { Member } from '../api/list-members'
import { useUpdateMember } from '../api/update-member'
import { notifySuccess } from '@/lib/notify'

interface Props {
  orgId: string
  member: Member | null
  onClose: () => void
}

/** Extends, shortens or ends the time limit of a member's access. */
export function AccessModal({ orgId, member, onClose }: Props) {
  const update = useUpdateMember(orgId)
  const form = useForm({
    mode: 'controlled',
    initialValues: { accessEndsOn: '' },
    validate: {
      accessEndsOn: (value: string) => {
        if (!isDateInputValue(value)) return 'Enter the last day of access.'
        if (value < dateInputDaysFromNow(1)) return 'Choose a date after today, or remove the member to end access now.'
        return null
      },
    },
  })

  const memberId = member?.user_id
  useEffect(() => {
    if (!member) return
    const current = member.access_expires_at ? toDateInputValue(member.access_expires_at) : ''
    const tomorrow = dateInputDaysFromNow(1)
    form.setValues({ accessEndsOn: current && current >= tomorrow ? current : dateInputDaysFromNow(30) })
    form.clearErrors()
    update.reset()
    // Only when another member is opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [memberId])

  if (!member) return <Modal opened={false} onClose={onClose} title="Extend access" />
  const name = `${member.first_name} ${member.last_name}`

  const save = (accessExpiresAt: string | null) => {
    update.mutate(
      { userId: member.user_id, body: { access_expires_at: accessExpiresAt } },
      {
        onSuccess: () => {
          notifySuccess(
            'Access updated',
            accessExpiresAt
              ? `${name} has access until the end of ${formatDate(accessExpiresAt)}.`
              : `${name} now has ongoing access.`,
          )
          onClose()
        },
        onError: (err) => applyFieldErrors(form, err, { access_expires_at: 'accessEndsOn' }),
      },
    )
  }

  return (
    <Modal opened onClose={onClose} title={`Extend access for ${name}`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={form.onSubmit((values) => save(endOfDayIso(values.accessEndsOn)))} noValidate>
        <Stack>
          <Text size="sm">
            {member.access_expired
              ? `${name}'s access ended on ${formatDate(member.access_expires_at)}. Choose a new last day to give it back.`
              : `${name}'s access ends on ${formatDate(member.access_expires_at)}.`}
          </Text>
          <TextInput
            type="date"
            label="Access ends on"
            description="Access ends at the end of this day."
            descriptionProps={{ c: 'gray.7' }}
            min={dateInputDaysFromNow(1)}
            required
            {...form.getInputProps('accessEndsOn')}
          />
          {update.error && !form.errors.accessEndsOn ? <ProblemAlert error={update.error} /> : null}
          <Group justify="space-between">
            <Button variant="default" onClick={() => save(null)} disabled={update.isPending}>
              Make access ongoing
            </Button>
            <Group gap="sm">
              <Button variant="default" onClick={onClose} disabled={update.isPending}>
                Cancel
              </Button>
              <Button type="submit" loading={update.isPending}>
                Save
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
