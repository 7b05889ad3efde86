import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconMailForward } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { fieldErrors } from '@/lib/api/problem'
import { applyFieldErrors } from '@/lib/forms'
import { useForgotPassword } from '../api/forgot-password'
import { isCaptchaError } from '../components/auth-errors'
import { AuthCard } from '../components/AuthCard'
import { AuthProblem } from '../components/AuthProblem'
import { Captcha, type CaptchaHandle } from '../components/Captcha'
import { CAPTCHA_NOT_READY, looksLikeEmail } from '../components/form-rules'
import { Notice } from '../components/Notice'

/** `/forgot-password`: emails a reset link; the answer is the same whether or not the account exists. */
export default function ForgotPasswordPage() {
  const forgot = useForgotPassword()
  const [captcha, setCaptcha] = useState<CaptchaHandle | null>(null)
  const [sentTo, setSentTo] = useState<string | null>(null)
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (v) => (looksLikeEmail(v) ? null : 'Enter the email address of your account.') },
  })

  const submit = form.onSubmit(async ({ email }) => {
    forgot.reset()
    const solution = await captcha?.solution()
    if (!solution) {
      form.setFieldError('captcha', CAPTCHA_NOT_READY)
      return
    }
    try {
      await forgot.mutateAsync({ email: email.trim(), captcha: solution })
      setSentTo(email.trim())
    } catch (error) {
      applyFieldErrors(form, error)
      if (isCaptchaError(error)) captcha?.renew()
    }
  })

  if (sentTo) {
    return (
      <AuthCard title="Check your email">
        <Notice color="teal">
          If an account exists for that address, we&apos;ve sent a link to reset its password.
        </Notice>
        <Text size="sm">
          We sent it to <strong>{sentTo}</strong> if that address has a Vigil account. The link works for a
          limited time and only once. Nothing there after a few minutes? Check your spam or junk folder.
        </Text>
        <Text size="sm">
          <Anchor component={Link} to="/login">
            Back to sign in
          </Anchor>
        </Text>
      </AuthCard>
    )
  }

  const serverFields = Object.keys(fieldErrors(forgot.error))
  return (
    <AuthCard
      title="Forgot your password?"
      description="Enter the email address of your Vigil account and we will send you a link to choose a new password."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="Email" type="email" autoComplete="email" required withAsterisk={false} {...form.getInputProps('email')} />
          <Captcha
            ref={setCaptcha}
            error={form.errors.captcha}
            onSolved={(payload) => {
              if (payload) form.clearFieldError('captcha')
            }}
          />
          {forgot.error !== null && serverFields.length === 0 && (
            <AuthProblem error={forgot.error} title="The link could not be sent" />
          )}
          <Button type="submit" loading={form.submitting} leftSection={<IconMailForward size={18} aria-hidden />} fullWidth>
            Send reset link
          </Button>
          <Text size="sm" ta="center">
            <Anchor component={Link} to="/login">
              Back to sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  )
}
