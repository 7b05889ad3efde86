import { Avatar, Menu, UnstyledButton } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconLogout, IconShieldLock } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { api, setCsrfToken } from '@/lib/api/client'
import { errorMessage, unwrap } from '@/lib/api/problem'
import { useSession } from '@/lib/session'

export function UserMenu({ textColour }: { textColour: string }) {
  const session = useSession()
  const client = useQueryClient()
  const navigate = useNavigate()
  const logout = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/logout')),
    onSuccess: () => {
      setCsrfToken(null)
      client.clear()
      void navigate('/login')
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not sign out', message: errorMessage(error) }),
  })
  if (!session) return null
  const { first_name, last_name, email } = session.user
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${first_name} ${last_name}`} c={textColour}>
          <Avatar radius="xl" alt="">
            {`${first_name.slice(0, 1)}${last_name.slice(0, 1)}`.toUpperCase()}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{email}</Menu.Label>
        <Menu.Item leftSection={<IconShieldLock size={16} aria-hidden />} onClick={() => void navigate('/account/security')}>
          My security
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => logout.mutate()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}
