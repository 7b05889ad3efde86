import { Button, Group, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { Link } from 'react-router'
import { PasswordField } from '@/components/PasswordField'
import { ProblemAlert } from '@/components/ProblemAlert'
import { isApiError } from '@/lib/api/problem'
import { applyFieldErrors } from '@/lib/forms'
import type { PasswordVerdict } from '@/lib/password'
import type { Session } from '@/lib/session'
import type { useAcceptInvitation } from '../api/accept-invitation'
import type { InvitationPreview } from '../api/preview-invitation'

interface Props {
  /** The page's accept mutation (it stays mounted while the session changes). */
  accept: ReturnType<typeof useAcceptInvitation>
  token: string
  preview: InvitationPreview
  onAccepted: (session: Session) => void
  /** Shown for errors that need the person to sign in instead (an account now exists). */
  signInHref: string
}

/** New to Vigil: names and a password create the account and accept in one step. */
export function NewAccountForm({ accept, token, preview, onAccepted, signInHref }: Props) {
  const [verdict, setVerdict] = useState<PasswordVerdict | null>(null)
  const form = useForm({
    mode: 'controlled',
    initialValues: { first_name: '', last_name: '', password: '' },
    validate: {
      first_name: (value: string) => (value.trim() ? null : 'Enter your first name.'),
      last_name: (value: string) => (value.trim() ? null : 'Enter your last name.'),
      password: (value: string) => {
        if (!value) return 'Choose a password.'
        if (verdict && !verdict.ok) return verdict.problem ?? 'Choose a stronger password.'
        return null
      },
    },
  })
  const values = form.getValues()

  const submit = form.onSubmit((v) => {
    accept.mutate(
      { token, first_name: v.first_name.trim(), last_name: v.last_name.trim(), password: v.password },
      {
        onSuccess: onAccepted,
        onError: (error) => applyFieldErrors(form, error),
      },
    )
  })

  const needsSignIn = isApiError(accept.error, 'account-exists') || isApiError(accept.error, 'sign-in-required')

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          New to Vigil? Create your account to accept. The link to this page was only ever sent to your email, so
          opening it confirms your address.
        </Text>
        <TextInput label="Email address" value={preview.email} readOnly autoComplete="username" />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label="First name"
            autoComplete="given-name"
            required
            miw={180}
            {...form.getInputProps('first_name')}
          />
          <TextInput
            label="Last name"
            autoComplete="family-name"
            required
            miw={180}
            {...form.getInputProps('last_name')}
          />
        </Group>
        <PasswordField
          label="Password"
          required
          description="At least 15 characters. A few unrelated words make a strong, memorable password."
          descriptionProps={{ c: 'gray.7' }}
          value={values.password}
          onChange={(value) => form.setFieldValue('password', value)}
          error={form.errors.password}
          context={[preview.email, values.first_name, values.last_name, preview.organization.name]}
          onVerdict={setVerdict}
        />
        {accept.error && !Object.keys(form.errors).length ? (
          <ProblemAlert
            error={accept.error}
            title={needsSignIn ? `${preview.email} already has a Vigil account` : 'The invitation was not accepted'}
          />
        ) : null}
        {needsSignIn && (
          <Button component={Link} to={signInHref}>
            Sign in to accept
          </Button>
        )}
        <Button type="submit" loading={accept.isPending} variant={needsSignIn ? 'default' : 'filled'}>
          Create account and accept
        </Button>
      </Stack>
    </form>
  )
}
