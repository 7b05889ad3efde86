import { Button, Group, PasswordInput, Stack } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useMemo, useState } from 'react'
import { PasswordField } from '@/components/PasswordField'
import { ProblemAlert } from '@/components/ProblemAlert'
import { formatDateTime } from '@/lib/format'
import { applyFieldErrors } from '@/lib/forms'
import { contextWords, type PasswordVerdict } from '@/lib/password'
import { useSession } from '@/lib/session'
import { useChangePassword } from '../api/change-password'
import { SectionCard } from './SectionCard'

export function PasswordSection({ passwordChangedAt }: { passwordChangedAt?: string }) {
  const user = useSession()?.user
  const context = useMemo(
    () => contextWords(user ? [user.first_name, user.last_name, user.email] : []),
    [user],
  )
  const [verdict, setVerdict] = useState<PasswordVerdict | null>(null)
  const [error, setError] = useState<unknown>(null)
  const changePassword = useChangePassword()
  const form = useForm({
    initialValues: { current_password: '', new_password: '', confirm_password: '' },
    validate: {
      current_password: (value) => (value ? null : 'Enter your current password.'),
      new_password: (value) => (value ? null : 'Enter a new password.'),
      confirm_password: (value, values) =>
        value === values.new_password ? null : 'The two new passwords are not the same.',
    },
  })

  const submit = form.onSubmit((values) => {
    setError(null)
    if (verdict && !verdict.ok) {
      form.setFieldError('new_password', 'Choose a stronger password (see the advice below).')
      return
    }
    changePassword.mutate(
      { current_password: values.current_password, new_password: values.new_password },
      {
        onSuccess: () => {
          form.reset()
          setVerdict(null)
          notifications.show({
            color: 'green',
            title: 'Password changed',
            message: 'Your other sessions have been signed out. This one stays signed in.',
          })
        },
        onError: (err) => {
          if (!applyFieldErrors(form, err)) setError(err)
        },
      },
    )
  })

  return (
    <SectionCard
      title="Password"
      description={
        <>
          Changing your password signs you out everywhere else: other browsers and devices must
          sign in again with the new one.
          {passwordChangedAt && ` Last changed ${formatDateTime(passwordChangedAt)}.`}
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={480}>
          {error !== null && <ProblemAlert error={error} title="Your password was not changed" />}
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            {...form.getInputProps('current_password')}
          />
          <PasswordField
            label="New password"
            description="At least 15 characters. A few unrelated words are easy to remember and hard to guess."
            required
            context={context}
            onVerdict={setVerdict}
            {...form.getInputProps('new_password')}
            value={form.values.new_password}
          />
          <PasswordInput
            label="Confirm new password"
            autoComplete="new-password"
            required
            {...form.getInputProps('confirm_password')}
          />
          <Group>
            <Button type="submit" loading={changePassword.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  )
}
