import { Anchor, Button, Checkbox, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMemo, useState } from 'react'
import { Link } from 'react-router'
import { PasswordField } from '@/components/PasswordField'
import { fieldErrors } from '@/lib/api/problem'
import { applyFieldErrors } from '@/lib/forms'
import { contextWords, type PasswordVerdict } from '@/lib/password'
import { useSignup, type SignupAccepted } from '../api/signup'
import { isCaptchaError } from '../components/auth-errors'
import { AuthCard } from '../components/AuthCard'
import { AuthProblem } from '../components/AuthProblem'
import { Captcha, type CaptchaHandle } from '../components/Captcha'
import { CAPTCHA_NOT_READY, looksLikeEmail, READABLE_DESCRIPTION } from '../components/form-rules'
import { ResendVerificationForm } from '../components/ResendVerificationForm'

interface Values {
  organization_name: string
  first_name: string
  last_name: string
  email: string
  password: string
  accept_terms: boolean
}

/** `/signup`: a new organisation and its owner; then "check your email". */
export default function SignupPage() {
  const [accepted, setAccepted] = useState<SignupAccepted | null>(null)
  if (accepted) return <CheckYourEmail accepted={accepted} />
  return <SignupForm onAccepted={setAccepted} />
}

function SignupForm({ onAccepted }: { onAccepted: (accepted: SignupAccepted) => void }) {
  const signup = useSignup()
  const [captcha, setCaptcha] = useState<CaptchaHandle | null>(null)
  const [verdict, setVerdict] = useState<PasswordVerdict | null>(null)
  const form = useForm<Values>({
    initialValues: {
      organization_name: '',
      first_name: '',
      last_name: '',
      email: '',
      password: '',
      accept_terms: false,
    },
    validate: {
      organization_name: (v) => (v.trim() ? null : 'Enter the name of your organisation.'),
      first_name: (v) => (v.trim() ? null : 'Enter your first name.'),
      last_name: (v) => (v.trim() ? null : 'Enter your last name.'),
      email: (v) => (looksLikeEmail(v) ? null : 'Enter your work email address, like jane@clinic.com.au.'),
      password: (v) => {
        if (!v) return 'Choose a password.'
        return verdict && !verdict.ok ? verdict.problem : null
      },
      accept_terms: (v) => (v ? null : 'Accept the terms of service and privacy policy to continue.'),
    },
  })
  const { organization_name, first_name, last_name, email } = form.values
  const context = useMemo(
    () => contextWords([organization_name, first_name, last_name, email]),
    [organization_name, first_name, last_name, email],
  )

  const submit = form.onSubmit(async (values) => {
    signup.reset()
    const solution = await captcha?.solution()
    if (!solution) {
      form.setFieldError('captcha', CAPTCHA_NOT_READY)
      return
    }
    try {
      const accepted = await signup.mutateAsync({
        ...values,
        organization_name: values.organization_name.trim(),
        first_name: values.first_name.trim(),
        last_name: values.last_name.trim(),
        email: values.email.trim(),
        captcha: solution,
      })
      onAccepted(accepted)
    } catch (error) {
      applyFieldErrors(form, error)
      if (isCaptchaError(error)) captcha?.renew()
    }
  })

  const serverFields = Object.keys(fieldErrors(signup.error))
  return (
    <AuthCard
      title="Create your account"
      description="Set up your organisation on Vigil. You will be its owner and can invite your team afterwards."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Organisation name"
            description="The practice, clinic or provider, as your staff know it."
            styles={READABLE_DESCRIPTION}
            autoComplete="organization"
            required
            withAsterisk={false}
            {...form.getInputProps('organization_name')}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <TextInput label="First name" autoComplete="given-name" required withAsterisk={false} {...form.getInputProps('first_name')} />
            <TextInput label="Last name" autoComplete="family-name" required withAsterisk={false} {...form.getInputProps('last_name')} />
          </SimpleGrid>
          <TextInput
            label="Work email"
            type="email"
            autoComplete="email"
            required
            withAsterisk={false}
            {...form.getInputProps('email')}
          />
          <PasswordField
            label="Password"
            description="At least 15 characters. A few unrelated words make a strong password that is easy to remember."
            styles={READABLE_DESCRIPTION}
            required
            withAsterisk={false}
            value={form.values.password}
            onChange={(value) => form.setFieldValue('password', value)}
            onVerdict={setVerdict}
            context={context}
            error={form.errors.password}
          />
          <Checkbox
            label={
              <>
                I accept the{' '}
                <Anchor component={Link} to="/terms" target="_blank" rel="noopener" inherit underline="always">
                  terms of service
                </Anchor>{' '}
                and{' '}
                <Anchor component={Link} to="/privacy" target="_blank" rel="noopener" inherit underline="always">
                  privacy policy
                </Anchor>
              </>
            }
            {...form.getInputProps('accept_terms', { type: 'checkbox' })}
          />
          <Captcha
            ref={setCaptcha}
            error={form.errors.captcha}
            onSolved={(payload) => {
              if (payload) form.clearFieldError('captcha')
            }}
          />
          {signup.error !== null && serverFields.length === 0 && (
            <AuthProblem error={signup.error} title="Your account was not created" />
          )}
          {serverFields.length > 0 && (
            <Text size="sm" c="red.8" role="alert">
              Some details need attention: see the messages above.
            </Text>
          )}
          <Button type="submit" loading={form.submitting} fullWidth>
            Create account
          </Button>
          <Text size="sm" ta="center">
            <Anchor component={Link} to="/login">
              Already have an account? Sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  )
}

function CheckYourEmail({ accepted }: { accepted: SignupAccepted }) {
  const [resending, setResending] = useState(false)
  // The server's sentence names the address and how long the link lasts; the address in bold.
  const at = accepted.message.indexOf(accepted.email)
  return (
    <AuthCard title="Check your email">
      <Text>
        {at >= 0 ? (
          <>
            {accepted.message.slice(0, at)}
            <strong>{accepted.email}</strong>
            {accepted.message.slice(at + accepted.email.length)}
          </>
        ) : (
          <>
            We sent a link to <strong>{accepted.email}</strong> to verify your address.
          </>
        )}
      </Text>
      <Text size="sm" c="gray.7">
        Open the link to finish setting up your account. Nothing there after a few minutes? Check your spam
        or junk folder, or send it again.
      </Text>
      {/* The "I'm not a robot" check returns only when the person asks for another email. */}
      {resending ? (
        <ResendVerificationForm email={accepted.email} submitLabel="Resend the email" />
      ) : null}
      <Group>
        <Button component={Link} to={`/login?email=${encodeURIComponent(accepted.email)}`} variant="default">
          Sign in
        </Button>
        {!resending && (
          <Button variant="subtle" onClick={() => setResending(true)}>
            Send the email again
          </Button>
        )}
      </Group>
    </AuthCard>
  )
}
