import { Button, List, Stack, Text } from '@mantine/core'
import { IconShieldLock } from '@tabler/icons-react'
import { Link, useSearchParams } from 'react-router'
import { useNotMe } from '../api/not-me'
import { AuthCard } from '../components/AuthCard'
import { LinkFailure, MissingToken } from '../components/LinkFailure'
import { Notice } from '../components/Notice'

/**
 * `/not-me?token=…`, from the "new sign-in" email. Securing the account signs out every device,
 * so it waits for a click: mail scanners that open links must not do it.
 */
export default function NotMePage() {
  const [params] = useSearchParams()
  const token = params.get('token')
  const secure = useNotMe()

  const actions = (
    <>
      <Button component={Link} to="/forgot-password" variant="default">
        Reset your password
      </Button>
      <Button component={Link} to="/login" variant="subtle">
        Sign in
      </Button>
    </>
  )

  if (!token) return <MissingToken title="This wasn't me" what="the “new sign-in” email" actions={actions} />
  if (secure.isSuccess) {
    return (
      <AuthCard title="Your account is secured">
        <Notice color="teal" icon={<IconShieldLock aria-hidden />}>
          Every session of your account was signed out, including the one you did not recognise.
        </Notice>
        <Text>We emailed you a link to choose a new password. Do it now, before you sign in again:</Text>
        <List spacing={4} size="sm">
          <List.Item>Open the email and choose a password you have not used anywhere else.</List.Item>
          <List.Item>If you use two-step verification, keep it on; if not, turn it on after you sign in.</List.Item>
          <List.Item>Tell your organisation&apos;s administrator if you think someone saw its records.</List.Item>
        </List>
        <Text size="sm" c="gray.7">
          No email? The link is also on the password reset page.
        </Text>
        <div>
          <Button component={Link} to="/forgot-password" variant="default">
            Reset your password
          </Button>
        </div>
      </AuthCard>
    )
  }
  if (secure.isError) {
    return (
      <LinkFailure
        error={secure.error}
        fallbackTitle="Your account could not be secured"
        onRetry={() => secure.mutate(token)}
        actions={actions}
      />
    )
  }
  return (
    <AuthCard
      title="This wasn't me"
      description="Someone signed in to your Vigil account from a device or network we had not seen before."
    >
      <Stack gap="sm">
        <Text>If that was not you, secure your account now. We will:</Text>
        <List spacing={4} size="sm">
          <List.Item>sign out every session of your account, on every device, including that one;</List.Item>
          <List.Item>email you a link to choose a new password.</List.Item>
        </List>
        <Text size="sm" c="gray.7">
          If it was you (a new browser, phone or network), there is nothing to do: close this page.
        </Text>
      </Stack>
      <div>
        <Button loading={secure.isPending} onClick={() => secure.mutate(token)}>
          Secure my account
        </Button>
      </div>
    </AuthCard>
  )
}
