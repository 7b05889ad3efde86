import { Anchor, Button, Group, Stack, Text } from '@mantine/core'
import { Link, useSearchParams } from 'react-router'
import { LoadingState } from '@/components/States'
import { useVerifyEmail } from '../api/verify-email'
import { authErrorMessage, tokenProblem } from '../components/auth-errors'
import { AuthCard } from '../components/AuthCard'
import { AuthProblem } from '../components/AuthProblem'
import { ResendVerificationForm } from '../components/ResendVerificationForm'
import { useTokenOnce } from '../components/use-token-once'

/** `/verify-email?token=…`: uses the link from the verification email; without a token, a resend form. */
export default function VerifyEmailPage() {
  const [params] = useSearchParams()
  const token = params.get('token')
  const verify = useVerifyEmail()
  useTokenOnce(token, verify.mutate)

  if (!token) {
    return (
      <AuthCard
        title="Verify your email"
        description="Enter the address you signed up with and we will send you a new verification link."
      >
        <ResendVerificationForm />
        <SignInLink />
      </AuthCard>
    )
  }

  if (verify.isSuccess) {
    return (
      <AuthCard title="Your email is verified">
        <Text>
          Thank you: <strong>{verify.data.email}</strong> is verified. Sign in to start using Vigil.
        </Text>
        <Group>
          <Button component={Link} to={`/login?verified=1&email=${encodeURIComponent(verify.data.email)}`}>
            Sign in
          </Button>
        </Group>
      </AuthCard>
    )
  }

  if (verify.isError) {
    const problem = tokenProblem(verify.error)
    if (problem === 'used') {
      return (
        <AuthCard title="This link was already used">
          <Text>{authErrorMessage(verify.error)}</Text>
          <Group>
            <Button component={Link} to="/login">
              Sign in
            </Button>
          </Group>
        </AuthCard>
      )
    }
    if (problem === 'expired' || problem === 'invalid') {
      return (
        <AuthCard title={problem === 'expired' ? 'This link has expired' : 'This link is not valid'}>
          <Text>
            {problem === 'expired'
              ? 'Verification links work for a limited time. Ask for a new one: enter the address you signed up with.'
              : 'The link may be incomplete (copy the whole address from the email), or replaced by a newer one: use the most recent email, or ask for a new link.'}
          </Text>
          <ResendVerificationForm />
          <SignInLink />
        </AuthCard>
      )
    }
    return (
      <AuthCard title="Your email could not be verified">
        <AuthProblem error={verify.error} title="Something went wrong">
          <Group mt="sm">
            <Button size="xs" variant="outline" color="red" onClick={() => verify.mutate(token)}>
              Try again
            </Button>
          </Group>
        </AuthProblem>
      </AuthCard>
    )
  }

  return (
    <AuthCard title="Verifying your email">
      <Stack gap={0}>
        <LoadingState label="Verifying your email" />
        <Text ta="center" c="gray.7" size="sm">
          This takes a moment.
        </Text>
      </Stack>
    </AuthCard>
  )
}

function SignInLink() {
  return (
    <Text size="sm">
      <Anchor component={Link} to="/login">
        Back to sign in
      </Anchor>
    </Text>
  )
}
