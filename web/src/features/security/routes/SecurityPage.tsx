import { Alert, Button, Stack, Text } from '@mantine/core'
import { IconArrowBack, IconInfoCircle, IconUserEdit } from '@tabler/icons-react'
import { Link, useSearchParams } from 'react-router'
import { PageHeader } from '@/components/PageHeader'
import { useSession } from '@/lib/session'
import { useSecurityOverview } from '../api/get-security-overview'
import { backPath } from '../components/back-path'
import { ActivitySection } from '../components/ActivitySection'
import { EmailSection } from '../components/EmailSection'
import { PasskeysSection } from '../components/PasskeysSection'
import { PasswordSection } from '../components/PasswordSection'
import { SessionsSection } from '../components/SessionsSection'
import { TwoStepSection } from '../components/TwoStepSection'

export default function SecurityPage() {
  const overview = useSecurityOverview()
  const user = useSession()?.user
  const [params] = useSearchParams()
  const back = backPath(params.get('back'))
  return (
    <>
      <PageHeader
        title="My security"
        description="Your password, email address, two-step verification, passkeys and where you are signed in."
        actions={
          <Button component={Link} to="/account/profile" variant="default" leftSection={<IconUserEdit size={18} aria-hidden />}>
            Edit profile
          </Button>
        }
      />
      <Stack gap="lg" maw={980}>
        {back && (
          <Alert color="blue" icon={<IconInfoCircle aria-hidden />} title="Then go back to your organisation">
            <Stack gap="sm" align="flex-start">
              <Text size="sm">
                Your organisation asks for more than your account has yet. Add a passkey or turn on two-step
                verification below, as it asked, then continue where you were.
              </Text>
              <Button component={Link} to={back} size="xs" variant="default" leftSection={<IconArrowBack size={16} aria-hidden />}>
                Go back
              </Button>
            </Stack>
          </Alert>
        )}
        <PasswordSection passwordChangedAt={overview.data?.password_changed_at} />
        <EmailSection
          email={overview.data?.email ?? user?.email}
          verified={overview.data?.email_verified ?? user?.email_verified}
        />
        <TwoStepSection />
        <PasskeysSection />
        <SessionsSection />
        <ActivitySection />
      </Stack>
    </>
  )
}
