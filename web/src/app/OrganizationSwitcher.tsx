import { Avatar, Button, Group, Menu, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCheck, IconChevronDown, IconPlus } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { api } from '@/lib/api/client'
import { errorMessage, unwrap } from '@/lib/api/problem'
import { SESSION_KEY, useSession, type Membership } from '@/lib/session'

function OrgAvatar({ membership }: { membership: Membership }) {
  return (
    <Avatar
      src={membership.logo_url ?? undefined}
      alt=""
      size={28}
      radius="sm"
    >
      {membership.organization_name.slice(0, 1).toUpperCase()}
    </Avatar>
  )
}

/** Lists the person's organisations; choosing one makes it the session's default too. */
export function OrganizationSwitcher({ activeOrgId, textColour }: { activeOrgId?: string; textColour: string }) {
  const session = useSession()
  const client = useQueryClient()
  const navigate = useNavigate()
  const active = session?.memberships.find((m) => m.organization_id === activeOrgId)
  const switchTo = useMutation({
    mutationFn: (organizationId: string) =>
      unwrap(api.PUT('/api/v1/auth/session/organization', { body: { organization_id: organizationId } })),
    onSuccess: async (_data, organizationId) => {
      await client.invalidateQueries({ queryKey: SESSION_KEY })
      void navigate(`/organizations/${organizationId}/dashboard`)
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not switch', message: errorMessage(error) }),
  })
  if (!session) return null
  return (
    <Menu position="bottom-start" width={300} withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          c={textColour}
          px="xs"
          rightSection={<IconChevronDown size={16} aria-hidden />}
          aria-label={active ? `Organisation: ${active.organization_name}. Switch organisation` : 'Choose an organisation'}
          data-testid="org-switcher"
        >
          <Group gap="xs" wrap="nowrap">
            {active && <OrgAvatar membership={active} />}
            <Text fw={600} truncate maw={{ base: 110, xs: 220, md: 360 }} c={textColour}>
              {active?.organization_name ?? 'Organisations'}
            </Text>
          </Group>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Your organisations</Menu.Label>
        {session.memberships.map((m) => (
          <Menu.Item
            key={m.organization_id}
            leftSection={<OrgAvatar membership={m} />}
            rightSection={m.organization_id === activeOrgId ? <IconCheck size={16} aria-label="current" /> : null}
            onClick={() => switchTo.mutate(m.organization_id)}
          >
            <Text size="sm" fw={500}>{m.organization_name}</Text>
            <Text size="xs" c="dimmed">{m.role}</Text>
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item leftSection={<IconPlus size={16} aria-hidden />} onClick={() => void navigate('/organizations/new')}>
          Create an organisation
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}
