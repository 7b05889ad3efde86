import { Anchor, Button, Group, PasswordInput, Stack, Text } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { PasswordField } from '@/components/PasswordField'
import { fieldErrors } from '@/lib/api/problem'
import { applyFieldErrors } from '@/lib/forms'
import { contextWords, type PasswordVerdict } from '@/lib/password'
import { useResetPassword } from '../api/reset-password'
import { authErrorMessage, tokenProblem } from '../components/auth-errors'
import { AuthCard } from '../components/AuthCard'
import { READABLE_DESCRIPTION } from '../components/form-rules'
import { AuthProblem } from '../components/AuthProblem'

const CONTEXT = contextWords([])

/** `/reset-password?token=…`: a new password from the emailed link, then back to sign in. */
export default function ResetPasswordPage() {
  const [params] = useSearchParams()
  const token = params.get('token')
  if (!token) {
    return (
      <AuthCard title="Choose a new password">
        <Text>
          This page needs the link from your password reset email. Open the email and use its link, or ask
          for a new one.
        </Text>
        <RequestNewLink />
      </AuthCard>
    )
  }
  return <ResetForm token={token} />
}

function RequestNewLink() {
  return (
    <Group>
      <Button component={Link} to="/forgot-password">
        Request a new link
      </Button>
      <Anchor component={Link} to="/login" size="sm">
        Back to sign in
      </Anchor>
    </Group>
  )
}

function ResetForm({ token }: { token: string }) {
  const navigate = useNavigate()
  const reset = useResetPassword()
  const [verdict, setVerdict] = useState<PasswordVerdict | null>(null)
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => {
        if (!v) return 'Choose a new password.'
        return verdict && !verdict.ok ? verdict.problem : null
      },
      confirm: (v, values) => (v === values.password ? null : 'The two passwords are different. Type the same password twice.'),
    },
  })

  const submit = form.onSubmit(async ({ password }) => {
    try {
      await reset.mutateAsync({ token, password })
      void navigate('/login?reset=1', { replace: true })
    } catch (error) {
      applyFieldErrors(form, error)
    }
  })

  const problem = tokenProblem(reset.error)
  if (problem) {
    const title =
      problem === 'expired'
        ? 'This link has expired'
        : problem === 'used'
          ? 'This link was already used'
          : 'This link is not valid'
    return (
      <AuthCard title={title}>
        <Text>{authErrorMessage(reset.error)}</Text>
        <Text size="sm" c="gray.7">
          Reset links work once, for a limited time, and only the most recent one works.
        </Text>
        <RequestNewLink />
      </AuthCard>
    )
  }

  const serverFields = Object.keys(fieldErrors(reset.error))
  return (
    <AuthCard
      title="Choose a new password"
      description="After this, every device signed in to your account is signed out, and you sign in again with the new password."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <PasswordField
            label="New password"
            description="At least 15 characters. A few unrelated words make a strong password that is easy to remember."
            styles={READABLE_DESCRIPTION}
            required
            withAsterisk={false}
            value={form.values.password}
            onChange={(value) => form.setFieldValue('password', value)}
            onVerdict={setVerdict}
            context={CONTEXT}
            error={form.errors.password}
          />
          <PasswordInput
            label="Confirm new password"
            autoComplete="new-password"
            required
            withAsterisk={false}
            {...form.getInputProps('confirm')}
          />
          {reset.error !== null && serverFields.length === 0 && (
            <AuthProblem error={reset.error} title="Your password was not changed" />
          )}
          <Button type="submit" loading={form.submitting} fullWidth>
            Set new password
          </Button>
        </Stack>
      </form>
    </AuthCard>
  )
}
