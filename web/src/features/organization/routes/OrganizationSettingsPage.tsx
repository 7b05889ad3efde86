import { Alert, Tabs, Text } from '@mantine/core'
import { IconInfoCircle } from '@tabler/icons-react'
import { useSearchParams } from 'react-router'
import { BrandingForm } from '@/components/organization/BrandingForm'
import { OrganizationProfileForm } from '@/components/organization/OrganizationProfileForm'
import { READABLE_ALERT, ReadableDimmed } from '@/components/organization/ReadableDimmed'
import { PageHeader } from '@/components/PageHeader'
import { ProblemAlert } from '@/components/ProblemAlert'
import { LoadingState } from '@/components/States'
import { useOrganization } from '@/lib/organization/get-organization'
import { notify } from '@/lib/notify'
import { can, useMembership, useOrgId, type Membership, type Permission } from '@/lib/session'
import { InvitationPolicy } from '../components/InvitationPolicy'
import { DangerZone } from '../components/DangerZone'
import { SecurityPolicySection } from '../components/SecurityPolicyForm'

const TITLE = 'Organisation settings'
const TABS = ['profile', 'branding', 'security', 'danger'] as const
type Tab = (typeof TABS)[number]

/** What each tab changes, so who may see it. */
const TAB_PERMISSIONS: Record<Tab, Permission> = {
  profile: 'organization.update',
  branding: 'branding.manage',
  security: 'security_policy.manage',
  danger: 'organization.delete',
}

function allowedTabs(membership: Membership | undefined): Tab[] {
  return TABS.filter((tab) => can(membership, TAB_PERMISSIONS[tab]))
}

function isTab(value: string | null): value is Tab {
  return value !== null && (TABS as readonly string[]).includes(value)
}

export default function OrganizationSettingsPage() {
  return (
    <ReadableDimmed>
      <OrganizationSettingsPageContent />
    </ReadableDimmed>
  )
}

function OrganizationSettingsPageContent() {
  const membership = useMembership()
  const tabs = allowedTabs(membership)
  if (tabs.length === 0) {
    return (
      <>
        <PageHeader title={TITLE} />
        <Alert color="blue" icon={<IconInfoCircle aria-hidden />} title="Only administrators can change organisation settings"
          styles={READABLE_ALERT}
        >
          <Text size="sm">
            The profile, branding and security policy of {membership?.organization_name ?? 'this organisation'} are
            managed by its owners and administrators. Ask one of them if something needs updating.
          </Text>
        </Alert>
      </>
    )
  }
  return <Settings tabs={tabs} />
}

function Settings({ tabs }: { tabs: readonly Tab[] }) {
  const orgId = useOrgId()
  const organization = useOrganization(orgId)
  const [params, setParams] = useSearchParams()
  const requested = params.get('tab')
  const first = tabs[0] ?? 'profile'
  const tab: Tab = isTab(requested) && tabs.includes(requested) ? requested : first

  const select = (value: string | null) => {
    if (!isTab(value)) return
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (value === first) next.delete('tab')
        else next.set('tab', value)
        return next
      },
      { replace: true },
    )
  }

  if (organization.isPending) {
    return (
      <>
        <PageHeader title={TITLE} />
        <LoadingState label="Loading the settings" />
      </>
    )
  }
  if (organization.error) {
    return (
      <>
        <PageHeader title={TITLE} />
        <ProblemAlert
          error={organization.error}
          title="The settings could not be loaded"
          onRetry={() => void organization.refetch()}
        />
      </>
    )
  }
  const org = organization.data
  return (
    <>
      <PageHeader title={TITLE} description={org.name} />
      <Tabs value={tab} onChange={select} keepMounted>
        <Tabs.List mb="lg">
          {tabs.includes('profile') && <Tabs.Tab value="profile">Profile</Tabs.Tab>}
          {tabs.includes('branding') && <Tabs.Tab value="branding">Branding</Tabs.Tab>}
          {tabs.includes('security') && <Tabs.Tab value="security">Security policy</Tabs.Tab>}
          {tabs.includes('danger') && (
            <Tabs.Tab value="danger" color="red">
              Danger zone
            </Tabs.Tab>
          )}
        </Tabs.List>
        {tabs.includes('profile') && (
          <Tabs.Panel value="profile" maw={720}>
            <OrganizationProfileForm
              organization={org}
              submitLabel="Save changes"
              onSaved={() =>
                notify({ color: 'teal', title: 'Profile saved', message: 'The organisation details are up to date.' })
              }
            />
            <InvitationPolicy organization={org} />
          </Tabs.Panel>
        )}
        {tabs.includes('branding') && (
          <Tabs.Panel value="branding" maw={720}>
            <BrandingForm
              organization={org}
              submitLabel="Save branding"
              onSaved={(saved) =>
                notify({
                  color: saved.branding_warnings.length > 0 ? 'yellow' : 'teal',
                  title: saved.branding_warnings.length > 0 ? 'Branding saved, with accessibility warnings' : 'Branding saved',
                  message:
                    saved.branding_warnings.length > 0
                      ? 'See the warnings below the colours.'
                      : 'The header and emails now use these colours.',
                })
              }
            />
          </Tabs.Panel>
        )}
        {tabs.includes('security') && (
          <Tabs.Panel value="security">
            <SecurityPolicySection orgId={orgId} />
          </Tabs.Panel>
        )}
        {tabs.includes('danger') && (
          <Tabs.Panel value="danger">
            <DangerZone orgId={orgId} name={org.name} />
          </Tabs.Panel>
        )}
      </Tabs>
    </>
  )
}
