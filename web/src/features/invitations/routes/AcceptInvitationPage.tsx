import { Alert, Anchor, Button, Divider, Paper, Stack, Text, Title } from '@mantine/core'
import { IconInfoCircle } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router'
import { useBrandColours } from '@/lib/brand-colours'
import { LoadingState } from '@/components/States'
import { ProblemAlert } from '@/components/ProblemAlert'
import { isApiError } from '@/lib/api/problem'
import { sessionQuery, type Session } from '@/lib/session'
import { useAcceptInvitation } from '../api/accept-invitation'
import { useInvitationPreview, type InvitationPreview } from '../api/preview-invitation'
import { useSignOut } from '../api/sign-out'
import { InvitationSummary } from '../components/InvitationSummary'
import { NewAccountForm } from '../components/NewAccountForm'
import { invalidLink, linkOutcome, sameAddress, type LinkOutcome } from '../components/outcome'
import { notifySuccess } from '@/lib/notify'

function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Vigil`
  }, [title])
}

function Outcome({ outcome }: { outcome: LinkOutcome }) {
  useDocumentTitle(outcome.title)
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack>
        <Title order={1} size="h2">
          {outcome.title}
        </Title>
        <Text>{outcome.message}</Text>
        <Button component={Link} to={outcome.offerSignIn ? '/login' : '/'} variant={outcome.offerSignIn ? 'filled' : 'default'}>
          {outcome.offerSignIn ? 'Sign in' : 'Go to Vigil'}
        </Button>
      </Stack>
    </Paper>
  )
}

/** /invitations/accept?token=…: see the invitation, then join as a new or existing user. */
export default function AcceptInvitationPage() {
  const [params] = useSearchParams()
  const token = params.get('token')?.trim() || null
  const preview = useInvitationPreview(token)

  if (!token) return <Outcome outcome={{ ...invalidLink(), title: 'This invitation link is incomplete' }} />
  if (preview.isPending) return <LoadingState label="Loading the invitation" />
  if (preview.error) {
    const outcome = linkOutcome(preview.error)
    if (outcome) return <Outcome outcome={outcome} />
    return (
      <Stack>
        <Title order={1} size="h2">
          Invitation
        </Title>
        <ProblemAlert
          error={preview.error}
          title="The invitation could not be loaded"
          onRetry={() => void preview.refetch()}
        />
      </Stack>
    )
  }
  return <Invitation token={token} preview={preview.data} />
}

function Invitation({ token, preview }: { token: string; preview: InvitationPreview }) {
  useDocumentTitle(`Join ${preview.organization.name}`)
  // The invitation looks like the organisation it leads to.
  const { setColours } = useBrandColours()
  const brand = preview.organization.primary_colour
  useEffect(() => {
    setColours({ primary: brand, accent: null })
    return () => setColours({ primary: null, accent: null })
  }, [brand, setColours])
  const session = useQuery(sessionQuery)
  const navigate = useNavigate()
  const location = useLocation()
  const here = `${location.pathname}${location.search}`
  const loginHref = `/login?next=${encodeURIComponent(here)}`
  const signOut = useSignOut()
  const accept = useAcceptInvitation()
  const orgName = preview.organization.name

  const joined = (result: Session) => {
    notifySuccess(`Welcome to ${orgName}`, 'You have joined the organisation.')
    const orgId = result.memberships.some((m) => m.organization_id === preview.organization.id)
      ? preview.organization.id
      : (result.current_organization_id ?? preview.organization.id)
    void navigate(`/organizations/${orgId}/dashboard`, { replace: true })
  }

  // Signing out stays here: the page then offers both a new account and signing in (the
  // preview does not say whether the invited address has an account).
  const switchAccount = () => {
    accept.reset()
    signOut.mutate()
  }

  let action
  if (accept.isSuccess) {
    action = <LoadingState label={`Opening ${orgName}`} />
  } else if (session.isPending) {
    action = <LoadingState label="Checking whether you are signed in" />
  } else if (session.error) {
    action = <ProblemAlert error={session.error} onRetry={() => void session.refetch()} />
  } else {
    const user = session.data?.user
    if (user && !sameAddress(user.email, preview.email)) {
      action = (
        <Stack>
          <Alert color="blue" icon={<IconInfoCircle aria-hidden />} title="You are signed in as someone else">
            <Text size="sm">
              You are signed in as <strong>{user.email}</strong>, but this invitation is for{' '}
              <strong>{preview.email}</strong>. Sign out, then sign in as {preview.email} or create the account for
              that address to accept.
            </Text>
          </Alert>
          {signOut.error ? <ProblemAlert error={signOut.error} title="You were not signed out" /> : null}
          <Button onClick={switchAccount} loading={signOut.isPending}>
            Sign out and switch account
          </Button>
        </Stack>
      )
    } else if (user) {
      const alreadyMember = isApiError(accept.error, 'already-member')
      const wrongAccount = isApiError(accept.error, 'wrong-account')
      action = (
        <Stack>
          <Text size="sm">
            You are signed in as <strong>{user.email}</strong>.
          </Text>
          {accept.error ? <ProblemAlert error={accept.error} title="The invitation was not accepted" /> : null}
          {alreadyMember ? (
            <Button component={Link} to={`/organizations/${preview.organization.id}/dashboard`}>
              Open {orgName}
            </Button>
          ) : wrongAccount ? (
            <Button onClick={switchAccount} loading={signOut.isPending}>
              Sign out and switch account
            </Button>
          ) : (
            <Button loading={accept.isPending} onClick={() => accept.mutate({ token }, { onSuccess: joined })}>
              Accept as {user.email}
            </Button>
          )}
        </Stack>
      )
    } else {
      action = (
        <Stack gap="lg">
          <NewAccountForm accept={accept} token={token} preview={preview} onAccepted={joined} signInHref={loginHref} />
          <Divider />
          <Text size="sm">
            Already have a Vigil account?{' '}
            <Anchor component={Link} to={loginHref} fw={600}>
              Sign in to accept
            </Anchor>{' '}
            as {preview.email}; you will come back here.
          </Text>
        </Stack>
      )
    }
  }

  return (
    <Paper withBorder p="xl" radius="md">
      <Stack gap="lg">
        <InvitationSummary preview={preview} />
        {action}
      </Stack>
    </Paper>
  )
}
