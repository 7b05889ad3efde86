import { Button, Center, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'

export function NotFoundPage() {
  return (
    <Center py="xl">
      <Stack align="center">
        <Title order={1} size="h2">Page not found</Title>
        <Text>The address may be mistyped, or the page has moved.</Text>
        <Button component={Link} to="/">Go to the start page</Button>
      </Stack>
    </Center>
  )
}
