import { Button, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconMailForward } from '@tabler/icons-react'
import { useState } from 'react'
import { fieldErrors } from '@/lib/api/problem'
import { applyFieldErrors } from '@/lib/forms'
import { useResendVerification } from '../api/resend-verification'
import { isCaptchaError } from './auth-errors'
import { AuthProblem } from './AuthProblem'
import { Captcha, type CaptchaHandle } from './Captcha'
import { CAPTCHA_NOT_READY, looksLikeEmail } from './form-rules'
import { Notice } from './Notice'

interface Props {
  /** The address to send to; without it the form asks for one. */
  email?: string
  submitLabel?: string
}

/** Asks for a new verification link (POST /auth/verify-email/resend), with the CAPTCHA it needs. */
export function ResendVerificationForm({ email, submitLabel = 'Send a new link' }: Props) {
  const [captcha, setCaptcha] = useState<CaptchaHandle | null>(null)
  const resend = useResendVerification()
  const [sentTo, setSentTo] = useState<string | null>(null)
  const form = useForm({
    initialValues: { email: email ?? '' },
    validate: {
      email: (value) => (email || looksLikeEmail(value) ? null : 'Enter the email address you signed up with.'),
    },
  })

  const submit = form.onSubmit(async (values) => {
    resend.reset()
    setSentTo(null)
    const solution = await captcha?.solution()
    if (!solution) {
      form.setFieldError('captcha', CAPTCHA_NOT_READY)
      return
    }
    const address = (email ?? values.email).trim()
    try {
      await resend.mutateAsync({ email: address, captcha: solution })
    } catch (error) {
      applyFieldErrors(form, error)
      if (isCaptchaError(error)) captcha?.renew()
      return
    }
    setSentTo(address)
    notifications.show({
      color: 'teal',
      title: 'Verification email sent',
      message: `A new link is on its way to ${address}.`,
      closeButtonProps: { 'aria-label': 'Dismiss' },
    })
    // A solution works once: get the next one ready.
    captcha?.renew()
  })

  const fields = fieldErrors(resend.error)
  const fieldNames = Object.keys(fields)
  const showAlert =
    resend.error !== null &&
    (fieldNames.length === 0 || (email !== undefined && fieldNames.some((name) => name !== 'captcha')))

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {!email && (
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            withAsterisk={false}
            {...form.getInputProps('email')}
          />
        )}
        <Captcha
          ref={setCaptcha}
          error={form.errors.captcha}
          onSolved={(payload) => {
            if (payload) form.clearFieldError('captcha')
          }}
        />
        {showAlert && <AuthProblem error={resend.error} title="The email could not be sent" />}
        {sentTo && (
          <Notice color="teal" title="Check your inbox">
            <Text size="sm">
              If {sentTo} has an account waiting for verification, a new link is on its way. It replaces
              any earlier link.
            </Text>
          </Notice>
        )}
        <div>
          <Button
            type="submit"
            variant={email ? 'default' : 'filled'}
            leftSection={<IconMailForward size={18} aria-hidden />}
            loading={form.submitting}
          >
            {submitLabel}
          </Button>
        </div>
      </Stack>
    </form>
  )
}
