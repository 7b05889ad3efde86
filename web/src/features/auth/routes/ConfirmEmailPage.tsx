import { Button, Text } from '@mantine/core'
import { Link, useSearchParams } from 'react-router'
import { LoadingState } from '@/components/States'
import { isApiError } from '@/lib/api/problem'
import { useConfirmEmailChange } from '../api/confirm-email-change'
import { authErrorMessage } from '../components/auth-errors'
import { AuthCard } from '../components/AuthCard'
import { LinkFailure, MissingToken } from '../components/LinkFailure'
import { useTokenOnce } from '../components/use-token-once'

/** `/confirm-email?token=…`: confirms a new email address with the link sent to it. */
export default function ConfirmEmailPage() {
  const [params] = useSearchParams()
  const token = params.get('token')
  const confirm = useConfirmEmailChange()
  useTokenOnce(token, confirm.mutate)

  const actions = (
    <>
      <Button component={Link} to="/account/security" variant="default">
        Open my security settings
      </Button>
      <Button component={Link} to="/login" variant="subtle">
        Sign in
      </Button>
    </>
  )

  if (!token) return <MissingToken title="Confirm your new email" what="the email confirming your new address" actions={actions} />
  if (confirm.isSuccess) {
    return (
      <AuthCard title="Your email address is changed">
        <Text>
          From now on, sign in with <strong>{confirm.data.email}</strong>. Vigil sends its emails there too.
        </Text>
        <div>
          <Button component={Link} to="/">
            Continue to Vigil
          </Button>
        </div>
      </AuthCard>
    )
  }
  if (confirm.isError) {
    if (isApiError(confirm.error, 'email-taken')) {
      return (
        <AuthCard title="This address cannot be used">
          <Text>{authErrorMessage(confirm.error)} Your account keeps its current address; you can ask for a change to another one.</Text>
          <div>{actions}</div>
        </AuthCard>
      )
    }
    return (
      <LinkFailure
        error={confirm.error}
        fallbackTitle="Your new email could not be confirmed"
        onRetry={() => confirm.mutate(token)}
        actions={actions}
      />
    )
  }
  return (
    <AuthCard title="Confirming your new email">
      <LoadingState label="Confirming your new email" />
    </AuthCard>
  )
}
