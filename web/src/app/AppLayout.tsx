import { AppShell, Burger, Group, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import {
  IconFileText,
  IconGauge,
  IconHistory,
  IconSettings,
  IconShieldLock,
  IconUsers,
} from '@tabler/icons-react'
import { Link, NavLink as RouterNavLink, Outlet, useLocation, useParams } from 'react-router'
import { textOn } from '@/lib/contrast'
import { hasRole, useSession, type Role } from '@/lib/session'
import { DEFAULT_PRIMARY } from './theme'
import { OrganizationSwitcher } from './OrganizationSwitcher'
import { UserMenu } from './UserMenu'

interface Item {
  to: string
  label: string
  icon: typeof IconGauge
  minimum: Role
}

const ORG_ITEMS: Item[] = [
  { to: 'dashboard', label: 'Dashboard', icon: IconGauge, minimum: 'viewer' },
  { to: 'documents', label: 'Documents', icon: IconFileText, minimum: 'viewer' },
  { to: 'members', label: 'Members', icon: IconUsers, minimum: 'viewer' },
  { to: 'audit', label: 'Audit log', icon: IconHistory, minimum: 'admin' },
  { to: 'settings', label: 'Settings', icon: IconSettings, minimum: 'admin' },
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
            ORG_ITEMS.filter((item) => hasRole(membership.role, item.minimum)).map((item) => (
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
    </AppShell>
  )
}
