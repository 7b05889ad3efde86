import { Anchor, Button, Checkbox, Divider, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconCircleCheck, IconKey } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { ApiError, fieldErrors, isApiError } from '@/lib/api/problem'
import { applyFieldErrors } from '@/lib/forms'
import { getPasskey, isPasskeyCancelled, passkeysSupported } from '@/lib/passkeys'
import { sessionQuery } from '@/lib/session'
import { isSignOutReason, REASON_TEXT, type SignOutReason } from '@/lib/session-expiry'
import { useLogin, type MfaRequired } from '../api/login'
import { passkeyMfaBody, useLoginMfa } from '../api/login-mfa'
import { usePasskeySignIn } from '../api/passkey-sign-in'
import { authErrorMessage } from '../components/auth-errors'
import { AuthCard } from '../components/AuthCard'
import { AuthProblem } from '../components/AuthProblem'
import { looksLikeEmail, READABLE_DESCRIPTION } from '../components/form-rules'
import { mfaBody } from '../components/mfa-code'
import { safeNextPath } from '../components/next-path'
import { ResendVerificationForm } from '../components/ResendVerificationForm'
import { Notice } from '../components/Notice'
import { usePasskeyAutofill } from '../components/use-passkey-autofill'

/** `/login`: email and password (or a passkey alone), then the second step when the account has one. */
export default function LoginPage() {
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const next = safeNextPath(params.get('next'))
  const [challenge, setChallenge] = useState<MfaRequired | null>(null)
  const [restartReason, setRestartReason] = useState<unknown>(null)
  const signedIn = () => void navigate(next, { replace: true })

  if (challenge) {
    return (
      <MfaStep
        challenge={challenge}
        onSignedIn={signedIn}
        onRestart={(reason) => {
          setRestartReason(reason)
          setChallenge(null)
        }}
      />
    )
  }
  return (
    <PasswordStep
      next={next}
      verified={params.get('verified') === '1'}
      email={params.get('email') ?? ''}
      ended={isSignOutReason(params.get('reason')) ? REASON_TEXT[params.get('reason') as SignOutReason] : null}
      reset={params.get('reset') === '1'}
      restartReason={restartReason}
      onSignedIn={signedIn}
      onMfa={(c) => {
        setRestartReason(null)
        setChallenge(c)
      }}
    />
  )
}

interface PasswordStepProps {
  next: string
  verified: boolean
  /** Pre-filled, e.g. from the verification page. */
  email: string
  /** Why a signed-in person was sent here (session ended mid-task). */
  ended: string | null
  reset: boolean
  restartReason: unknown
  onSignedIn: () => void
  onMfa: (challenge: MfaRequired) => void
}

function errorTitle(error: unknown, otherwise = 'Sign-in failed'): string {
  if (isApiError(error, 'account-disabled')) return 'Account disabled'
  if (isApiError(error) && error.status === 429) return 'Too many attempts'
  return otherwise
}

function PasswordStep({ next, verified, email, ended, reset, restartReason, onSignedIn, onMfa }: PasswordStepProps) {
  const login = useLogin()
  const passkey = usePasskeySignIn()
  const [passkeys] = useState(passkeysSupported)
  const [autofillError, setAutofillError] = useState<unknown>(null)
  const session = useQuery(sessionQuery)
  const form = useForm({
    initialValues: { email: looksLikeEmail(email) ? email : '', password: '', remember_me: false },
    validate: {
      email: (v) => (looksLikeEmail(v) ? null : 'Enter the email address of your account.'),
      password: (v) => (v ? null : 'Enter your password.'),
    },
  })
  // Passkeys in the email field's suggestions, stopped while another way of signing in runs.
  usePasskeyAutofill({
    enabled: passkeys && !form.submitting && !passkey.isPending,
    rememberMe: () => form.values.remember_me,
    onSignedIn,
    onError: setAutofillError,
  })

  function signInWithPasskey() {
    login.reset()
    setAutofillError(null)
    passkey.mutate({ rememberMe: () => form.values.remember_me }, { onSuccess: onSignedIn })
  }

  const submit = form.onSubmit(async (values) => {
    passkey.reset()
    setAutofillError(null)
    try {
      const outcome = await login.mutateAsync({ ...values, email: values.email.trim() })
      if (outcome.kind === 'mfa') onMfa(outcome.challenge)
      else onSignedIn()
    } catch (error) {
      applyFieldErrors(form, error)
    }
  })

  const error = login.error
  const unverified = isApiError(error, 'email-not-verified')
  const hasFieldErrors = Object.keys(fieldErrors(error)).length > 0
  const current = session.data && !session.isFetching ? session.data : null
  // Closing the browser's passkey dialog is a choice, not an error.
  const passkeyError = passkey.error !== null && !isPasskeyCancelled(passkey.error) ? passkey.error : autofillError

  return (
    <AuthCard title="Sign in" description="Welcome back to Vigil.">
      {verified && (
        <Notice color="teal" icon={<IconCircleCheck aria-hidden />}>
          Your email is verified. Sign in to continue.
        </Notice>
      )}
      {ended && !current && (
        <Notice color="orange" title="Please sign in again">
          {ended}
        </Notice>
      )}
      {reset && (
        <Notice color="teal" icon={<IconCircleCheck aria-hidden />}>
          Your password was changed. Sign in with the new one.
        </Notice>
      )}
      {current && (
        <Notice color="blue" title="You are already signed in">
          <Text size="sm">
            You are signed in as {current.user.email}.{' '}
            <Anchor component={Link} to={next}>
              Continue to Vigil
            </Anchor>
          </Text>
        </Notice>
      )}
      {restartReason !== null && login.error === null && (
        <AuthProblem error={restartReason} title="Sign in again" />
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Email"
            type="email"
            autoComplete="username webauthn"
            required
            withAsterisk={false}
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            withAsterisk={false}
            {...form.getInputProps('password')}
          />
          <Group justify="space-between" gap="xs">
            <Checkbox label="Remember me for 30 days" {...form.getInputProps('remember_me', { type: 'checkbox' })} />
            <Anchor component={Link} to="/forgot-password" size="sm">
              Forgot your password?
            </Anchor>
          </Group>
          {error !== null && !unverified && !hasFieldErrors && <AuthProblem error={error} title={errorTitle(error)} />}
          <Button type="submit" loading={form.submitting} disabled={passkey.isPending} fullWidth>
            Sign in
          </Button>
        </Stack>
      </form>
      {passkeys && (
        <Stack gap="md">
          <Divider label="or" labelPosition="center" />
          <Button
            variant="default"
            leftSection={<IconKey size={18} aria-hidden />}
            loading={passkey.isPending}
            disabled={form.submitting}
            onClick={signInWithPasskey}
            fullWidth
          >
            Sign in with a passkey
          </Button>
          {passkeyError !== null && <AuthProblem error={passkeyError} title={errorTitle(passkeyError, 'Passkey sign-in failed')} />}
        </Stack>
      )}
      {unverified && (
        <Notice color="orange" role="alert" title="Verify your email first">
          <Stack gap="sm">
            <Text size="sm">{authErrorMessage(error)}</Text>
            <ResendVerificationForm email={form.values.email.trim()} submitLabel="Resend the verification email" />
          </Stack>
        </Notice>
      )}
      <Text size="sm" ta="center">
        New to Vigil?{' '}
        <Anchor component={Link} to="/signup">
          Create an organisation
        </Anchor>
      </Text>
    </AuthCard>
  )
}

interface MfaStepProps {
  challenge: MfaRequired
  onSignedIn: () => void
  onRestart: (reason: unknown) => void
}

function mfaDescription(passkey: boolean, totp: boolean, passkeyUnsupported: boolean): string {
  if (passkey && totp)
    return 'Your password was right. Now confirm it is you with your passkey, or enter the 6-digit code from your authenticator app. Lost both? Use one of your recovery codes.'
  if (passkey) return 'Your password was right. Now confirm it is you with your passkey. Lost it? Use one of your recovery codes.'
  if (totp && passkeyUnsupported)
    return 'Your password was right. This browser cannot use passkeys: enter the 6-digit code from your authenticator app, or one of your recovery codes.'
  if (totp)
    return 'Your password was right. Now enter the 6-digit code from your authenticator app. No phone? Use one of your recovery codes instead.'
  if (passkeyUnsupported)
    return 'Your password was right, but this browser cannot use passkeys. Enter one of your recovery codes, or sign in with a browser that can use your passkey.'
  return 'Your password was right. Now enter one of your recovery codes.'
}

function MfaStep({ challenge, onSignedIn, onRestart }: MfaStepProps) {
  const verify = useLoginMfa()
  const [supported] = useState(passkeysSupported)
  const totp = challenge.methods.includes('totp')
  const offersPasskey = challenge.methods.includes('passkey') && challenge.passkey != null
  const passkey = offersPasskey && supported
  const [passkeyBusy, setPasskeyBusy] = useState(false)
  // What the browser said when the passkey could not be used (the server's answers are verify.error).
  const [browserError, setBrowserError] = useState<unknown>(null)
  const codeInput = useRef<HTMLInputElement>(null)
  const passkeyButton = useRef<HTMLButtonElement>(null)
  // The page changed under the keyboard: continue where the next thing to do is.
  useEffect(() => (passkey ? passkeyButton.current : codeInput.current)?.focus(), [passkey])
  const form = useForm({
    initialValues: { code: '' },
    validate: {
      code: (v) =>
        v.trim()
          ? null
          : totp
            ? 'Enter the code from your authenticator app, or a recovery code.'
            : 'Enter one of your recovery codes.',
    },
  })

  function failed(error: unknown) {
    if (isApiError(error, 'mfa-challenge-invalid')) {
      onRestart(error)
    } else if (isApiError(error, 'mfa-code-invalid')) {
      form.setFieldError('code', authErrorMessage(error))
    } else {
      applyFieldErrors(form, error, { recovery_code: 'code' })
    }
  }

  const submit = form.onSubmit(async ({ code }) => {
    setBrowserError(null)
    try {
      // Without an authenticator app, whatever is typed is a recovery code.
      const body = totp ? mfaBody(challenge.mfa_token, code) : { mfa_token: challenge.mfa_token, recovery_code: code.trim() }
      await verify.mutateAsync(body)
      onSignedIn()
    } catch (error) {
      failed(error)
    }
  })

  async function verifyWithPasskey() {
    setBrowserError(null)
    verify.reset()
    form.clearErrors()
    setPasskeyBusy(true)
    try {
      const credential = await getPasskey(challenge.passkey)
      await verify.mutateAsync(passkeyMfaBody(challenge.mfa_token, credential))
      onSignedIn()
    } catch (error) {
      if (isPasskeyCancelled(error)) return
      if (error instanceof ApiError) failed(error)
      else setBrowserError(error)
    } finally {
      setPasskeyBusy(false)
    }
  }

  const error = verify.error ?? browserError
  const inlineError = isApiError(error, 'mfa-code-invalid') || Object.keys(fieldErrors(error)).length > 0
  const busy = passkeyBusy || form.submitting
  return (
    <AuthCard title="Two-step verification" description={mfaDescription(passkey, totp, offersPasskey && !supported)}>
      {passkey && (
        <>
          <Button
            ref={passkeyButton}
            leftSection={<IconKey size={18} aria-hidden />}
            loading={passkeyBusy}
            disabled={form.submitting}
            onClick={() => void verifyWithPasskey()}
            fullWidth
          >
            Use your passkey
          </Button>
          <Divider label="or" labelPosition="center" />
        </>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {totp ? (
            <TextInput
              label="Authentication code"
              description="6 digits, or a recovery code like k7vq-m2xp-9tdr"
              styles={READABLE_DESCRIPTION}
              autoComplete="one-time-code"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              maxLength={64}
              required
              withAsterisk={false}
              ref={codeInput}
              {...form.getInputProps('code')}
            />
          ) : (
            <TextInput
              label="Recovery code"
              description="One of the codes you saved, like k7vq-m2xp-9tdr"
              styles={READABLE_DESCRIPTION}
              autoComplete="off"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              maxLength={64}
              required
              withAsterisk={false}
              ref={codeInput}
              {...form.getInputProps('code')}
            />
          )}
          {error !== null && !inlineError && <AuthProblem error={error} title="Verification failed" />}
          <Button type="submit" variant={passkey ? 'default' : 'filled'} loading={form.submitting} disabled={busy && !form.submitting} fullWidth>
            Verify
          </Button>
          <Text size="sm" c="gray.7">
            This step expires a few minutes after your password was accepted.{' '}
            <Anchor component="button" type="button" size="sm" onClick={() => onRestart(null)}>
              Start again
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  )
}
