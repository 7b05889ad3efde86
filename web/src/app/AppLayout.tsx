import { AppShell, Burger, Group, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import {
  IconChecklist,
  IconFileText,
  IconGauge,
  IconHistory,
  IconPlugConnected,
  IconReportAnalytics,
  IconSettings,
  IconShieldLock,
  IconUsers,
} from '@tabler/icons-react'
import { Link, NavLink as RouterNavLink, Outlet, useLocation, useParams } from 'react-router'
import { textOn } from '@/lib/contrast'
import { canAny, useSession, type Permission } from '@/lib/session'
import { useEffect } from 'react'
import { useBranding } from './branding'
import { DEFAULT_PRIMARY } from './theme'
import { IdleWarning } from './IdleWarning'
import { OrganizationSwitcher } from './OrganizationSwitcher'
import { UserMenu } from './UserMenu'

interface Item {
  to: string
  label: string
  icon: typeof IconGauge
  /** Shown only to people whose membership grants one of these (the API's permission table). */
  permissions: readonly Permission[]
}

const ORG_ITEMS: Item[] = [
  // Everyone with access has a dashboard page (its figures need `dashboard.read`).
  { to: 'dashboard', label: 'Dashboard', icon: IconGauge, permissions: ['organization.read'] },
  { to: 'documents', label: 'Documents', icon: IconFileText, permissions: ['documents.read'] },
  { to: 'compliance', label: 'Compliance results', icon: IconChecklist, permissions: ['compliance_results.read'] },
  { to: 'reports', label: 'Reports', icon: IconReportAnalytics, permissions: ['reports.read'] },
  { to: 'members', label: 'Members', icon: IconUsers, permissions: ['members.read'] },
  { to: 'api-clients', label: 'API clients', icon: IconPlugConnected, permissions: ['api_clients.manage'] },
  { to: 'audit', label: 'Audit log', icon: IconHistory, permissions: ['audit_log.read'] },
  {
    to: 'settings',
    label: 'Settings',
    icon: IconSettings,
    permissions: ['organization.update', 'branding.manage', 'security_policy.manage', 'organization.delete'],
  },
]

/** Signed-in pages: branded header with the organisation switcher, navigation, content. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure()
  const session = useSession()
  const { orgId } = useParams()
  const location = useLocation()
  const activeOrg = orgId ?? session?.current_organization_id ?? undefined
  const membership = session?.memberships.find((m) => m.organization_id === activeOrg)
  const primary = membership?.primary_colour ?? DEFAULT_PRIMARY
  const headerText = textOn(primary)
  // Every signed-in page takes the colours of the organisation it is for (the current one on
  // pages of the person's own account): buttons, links and navigation as well as the header.
  const { setColours } = useBranding()
  useEffect(() => {
    setColours({ primary: membership?.primary_colour, accent: membership?.accent_colour })
  }, [membership?.primary_colour, membership?.accent_colour, setColours])
  // Public pages are in Vigil's own colours.
  useEffect(() => () => setColours({ primary: null, accent: null }), [setColours])

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header bg={primary} c={headerText} style={{ borderBottom: 'none' }}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              color={headerText}
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <UnstyledButton component={Link} to="/" aria-label="Vigil home">
              <Text fw={800} fz="lg" c={headerText}>Vigil</Text>
            </UnstyledButton>
            <OrganizationSwitcher activeOrgId={activeOrg} textColour={headerText} />
          </Group>
          <UserMenu textColour={headerText} />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <ScrollArea>
          {membership &&
            ORG_ITEMS.filter((item) => canAny(membership, item.permissions)).map((item) => (
              <NavLink
                key={item.to}
                component={RouterNavLink}
                to={`/organizations/${membership.organization_id}/${item.to}`}
                label={item.label}
                leftSection={<item.icon size={18} aria-hidden />}
                active={location.pathname.startsWith(`/organizations/${membership.organization_id}/${item.to}`)}
                onClick={close}
              />
            ))}
          <NavLink
            component={RouterNavLink}
            to="/account/security"
            label="My security"
            leftSection={<IconShieldLock size={18} aria-hidden />}
            active={location.pathname.startsWith('/account')}
            onClick={close}
          />
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
      <IdleWarning />
    </AppShell>
  )
}
