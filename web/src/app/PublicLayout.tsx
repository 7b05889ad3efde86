import { Anchor, Box, Container, Group, Text } from '@mantine/core'
import { Link, Outlet } from 'react-router'

/** Links to the terms and the privacy policy, at the foot of public pages. */
export function LegalFooter() {
  return (
    <Group component="footer" justify="center" gap="lg" py="md" px="md">
      <Anchor component={Link} to="/terms" size="sm" c="gray.8">
        Terms of service
      </Anchor>
      <Anchor component={Link} to="/privacy" size="sm" c="gray.8">
        Privacy policy
      </Anchor>
    </Group>
  )
}

/**
 * Signup, login and other pages reached from emails: Vigil's own colours (the signed-in layout
 * puts them back as it closes), except an invitation's, in its organisation's.
 */
export function PublicLayout() {
  return (
    <Box mih="100vh" bg="gray.0">
      <Box component="header" py="md" px="lg">
        <Group justify="space-between">
          <Anchor component={Link} to="/" fw={700} fz="xl" c="brand.9" underline="never">
            Vigil
          </Anchor>
          <Text size="sm" c="dimmed">Compliance for Australian healthcare</Text>
        </Group>
      </Box>
      <Container component="main" size={520} py="lg" px="md">
        <Outlet />
      </Container>
      <LegalFooter />
    </Box>
  )
}
