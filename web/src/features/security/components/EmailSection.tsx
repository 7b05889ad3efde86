import { Alert, Badge, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconMailForward } from '@tabler/icons-react'
import { useState } from 'react'
import { ProblemAlert } from '@/components/ProblemAlert'
import { applyFieldErrors } from '@/lib/forms'
import { useChangeEmail } from '../api/change-email'
import { SectionCard } from './SectionCard'

export function EmailSection({ email, verified }: { email?: string; verified?: boolean }) {
  const [error, setError] = useState<unknown>(null)
  const [sent, setSent] = useState<{ message: string; to: string } | null>(null)
  const changeEmail = useChangeEmail()
  const form = useForm({
    initialValues: { new_email: '', password: '' },
    validate: {
      new_email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Enter a valid email address.'),
      password: (value) => (value ? null : 'Enter your current password.'),
    },
  })

  const submit = form.onSubmit((values) => {
    setError(null)
    setSent(null)
    const newEmail = values.new_email.trim()
    changeEmail.mutate(
      { new_email: newEmail, password: values.password },
      {
        onSuccess: (accepted) => {
          form.reset()
          setSent({ message: accepted.message, to: newEmail })
          notifications.show({ color: 'green', title: 'Check the new address', message: accepted.message })
        },
        onError: (err) => {
          if (!applyFieldErrors(form, err)) setError(err)
        },
      },
    )
  })

  return (
    <SectionCard
      title="Email address"
      description="You sign in with this address and Vigil sends security notices to it. A new address must be confirmed with the link we email to it before it replaces this one; your current address is told about the change."
    >
      <Stack gap="sm" maw={480}>
        {email && (
          <Group gap="xs">
            <Text size="sm">
              Current address: <Text span fw={600}>{email}</Text>
            </Text>
            {verified !== undefined && (
              <Badge color={verified ? 'green' : 'orange'} variant="light">
                {verified ? 'Verified' : 'Not verified'}
              </Badge>
            )}
          </Group>
        )}
        {sent && (
          <Alert color="blue" icon={<IconMailForward aria-hidden />} title="Confirm the new address">
            {sent.message} We sent the link to {sent.to}; it works for 24 hours.
          </Alert>
        )}
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {error !== null && <ProblemAlert error={error} title="Your email address was not changed" />}
            <TextInput
              label="New email address"
              type="email"
              autoComplete="email"
              required
              {...form.getInputProps('new_email')}
            />
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
            />
            <Group>
              <Button type="submit" loading={changeEmail.isPending}>
                Change email
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </SectionCard>
  )
}
