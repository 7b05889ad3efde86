import { Button, Text } from '@mantine/core'
import { Link, useSearchParams } from 'react-router'
import { LoadingState } from '@/components/States'
import { useUnlockAccount } from '../api/unlock-account'
import { AuthCard } from '../components/AuthCard'
import { LinkFailure, MissingToken } from '../components/LinkFailure'
import { useTokenOnce } from '../components/use-token-once'

/** `/unlock?token=…`: lifts the sign-in lock with the link from the "account locked" email. */
export default function UnlockPage() {
  const [params] = useSearchParams()
  const token = params.get('token')
  const unlock = useUnlockAccount()
  useTokenOnce(token, unlock.mutate)

  const actions = (
    <>
      <Button component={Link} to="/login" variant="default">
        Sign in
      </Button>
      <Button component={Link} to="/forgot-password" variant="subtle">
        Reset your password
      </Button>
    </>
  )

  if (!token) return <MissingToken title="Unlock your account" what="the “account locked” email" actions={actions} />
  if (unlock.isSuccess) {
    return (
      <AuthCard title="Your account is unlocked">
        <Text>You can sign in again now.</Text>
        <Text size="sm" c="gray.7">
          If the failed sign-ins were not you, someone may know or be guessing your password: reset it to be safe.
        </Text>
        <div>
          <Button component={Link} to="/login">
            Sign in
          </Button>{' '}
          <Button component={Link} to="/forgot-password" variant="subtle">
            Reset your password
          </Button>
        </div>
      </AuthCard>
    )
  }
  if (unlock.isError) {
    return (
      <LinkFailure
        error={unlock.error}
        fallbackTitle="Your account could not be unlocked"
        onRetry={() => unlock.mutate(token)}
        actions={actions}
      />
    )
  }
  return (
    <AuthCard title="Unlocking your account">
      <LoadingState label="Unlocking your account" />
    </AuthCard>
  )
}
