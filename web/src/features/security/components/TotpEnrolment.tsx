import { notifications } from '@mantine/notifications'
import { Button, Code, CopyButton, Group, List, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { ProblemAlert } from '@/components/ProblemAlert'
import { applyFieldErrors } from '@/lib/forms'
import { useConfirmTotpEnrolment } from '../api/confirm-totp-enrolment'
import { useStartTotpEnrolment, type TotpSetup } from '../api/start-totp-enrolment'
import { QrCode } from './QrCode'
import { formatSecret } from './recovery-codes'

/** Step 1: the password, then the API hands out a new secret. */
export function TotpPasswordStep({ onStarted, onCancel }: { onStarted: (setup: TotpSetup) => void; onCancel: () => void }) {
  const start = useStartTotpEnrolment()
  const [error, setError] = useState<unknown>(null)
  const form = useForm({
    initialValues: { password: '' },
    validate: { password: (value) => (value ? null : 'Enter your password.') },
  })
  const submit = form.onSubmit((values) => {
    setError(null)
    start.mutate(values.password, {
      onSuccess: onStarted,
      onError: (err) => {
        if (!applyFieldErrors(form, err)) setError(err)
      },
    })
  })
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={480}>
        <Text size="sm">Enter your password to start. Have your phone with an authenticator app ready (for example Microsoft Authenticator, Google Authenticator or 1Password).</Text>
        {error !== null && <ProblemAlert error={error} title="Two-step verification could not be set up" />}
        <PasswordInput
          label="Your password"
          autoComplete="current-password"
          required
          {...form.getInputProps('password')}
        />
        <Group gap="sm">
          <Button type="submit" loading={start.isPending}>
            Continue
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** Step 2: scan (or type) the secret, then prove it with a code. */
export function TotpScanStep({
  setup,
  onConfirmed,
  onCancel,
}: {
  setup: TotpSetup
  onConfirmed: (codes: string[]) => void
  onCancel: () => void
}) {
  const confirm = useConfirmTotpEnrolment()
  const [error, setError] = useState<unknown>(null)
  const form = useForm({
    initialValues: { code: '' },
    validate: {
      code: (value) => (/^\d{6}$/.test(value.replace(/\s/g, '')) ? null : 'Enter the 6-digit code from your app.'),
    },
  })
  const submit = form.onSubmit((values) => {
    setError(null)
    confirm.mutate(values.code.replace(/\s/g, ''), {
      onSuccess: (result) => {
        if (result.signed_out_sessions > 0)
          notifications.show({
            color: 'blue',
            title: 'Other sessions signed out',
            message: `${result.signed_out_sessions} ${result.signed_out_sessions === 1 ? 'session that had signed in with only your password was' : 'sessions that had signed in with only your password were'} signed out.`,
          })
        onConfirmed(result.recovery_codes)
      },
      onError: (err) => {
        if (!applyFieldErrors(form, err)) setError(err)
      },
    })
  })
  return (
    <Stack gap="md">
      <List type="ordered" spacing="md">
        <List.Item>
          <Stack gap="xs">
            <Text size="sm">Open your authenticator app, add an account and scan this QR code.</Text>
            <QrCode value={setup.otpauth_uri} alt="QR code for your authenticator app" />
          </Stack>
        </List.Item>
        <List.Item>
          <Stack gap="xs">
            <Text size="sm">Cannot scan it? Choose to enter a setup key instead and type this key:</Text>
            <Group gap="sm" wrap="wrap">
              <Code fz="md" aria-label="Setup key" style={{ wordBreak: 'break-all' }}>
                {formatSecret(setup.secret)}
              </Code>
              <CopyButton value={setup.secret} timeout={2000}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy}>
                    {copied ? 'Copied' : 'Copy key'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </List.Item>
        <List.Item>
          <form onSubmit={submit} noValidate>
            <Stack gap="sm" maw={320}>
              <Text size="sm">Enter the 6-digit code the app now shows for Vigil.</Text>
              {error !== null && <ProblemAlert error={error} title="Two-step verification is not on yet" />}
              <TextInput
                label="Authentication code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                required
                {...form.getInputProps('code')}
              />
              <Group gap="sm">
                <Button type="submit" loading={confirm.isPending}>
                  Confirm
                </Button>
                <Button variant="default" onClick={onCancel}>
                  Cancel
                </Button>
              </Group>
            </Stack>
          </form>
        </List.Item>
      </List>
    </Stack>
  )
}
