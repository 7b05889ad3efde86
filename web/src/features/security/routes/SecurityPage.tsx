import { Button, Stack } from '@mantine/core'
import { IconUserEdit } from '@tabler/icons-react'
import { Link } from 'react-router'
import { PageHeader } from '@/components/PageHeader'
import { useSession } from '@/lib/session'
import { useSecurityOverview } from '../api/get-security-overview'
import { ActivitySection } from '../components/ActivitySection'
import { EmailSection } from '../components/EmailSection'
import { PasswordSection } from '../components/PasswordSection'
import { SessionsSection } from '../components/SessionsSection'
import { TwoStepSection } from '../components/TwoStepSection'

export default function SecurityPage() {
  const overview = useSecurityOverview()
  const user = useSession()?.user
  return (
    <>
      <PageHeader
        title="My security"
        description="Your password, email address, two-step verification and where you are signed in."
        actions={
          <Button component={Link} to="/account/profile" variant="default" leftSection={<IconUserEdit size={18} aria-hidden />}>
            Edit profile
          </Button>
        }
      />
      <Stack gap="lg" maw={980}>
        <PasswordSection passwordChangedAt={overview.data?.password_changed_at} />
        <EmailSection
          email={overview.data?.email ?? user?.email}
          verified={overview.data?.email_verified ?? user?.email_verified}
        />
        <TwoStepSection />
        <SessionsSection />
        <ActivitySection />
      </Stack>
    </>
  )
}
