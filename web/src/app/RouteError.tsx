import { Button, Center, Stack, Text, Title } from '@mantine/core'
import { isRouteErrorResponse, useRouteError } from 'react-router'

/** Last resort when a page fails to render or its code cannot load (e.g. after a deploy). */
export function RouteError() {
  const error = useRouteError()
  const notFound = isRouteErrorResponse(error) && error.status === 404
  return (
    <Center py="xl" px="md">
      <Stack align="center" maw={520}>
        <Title order={1} size="h2">{notFound ? 'Page not found' : 'This page could not be shown'}</Title>
        <Text ta="center">
          {notFound
            ? 'The address may be mistyped, or the page has moved.'
            : 'Something went wrong while loading it. Reload the page; if it keeps happening, contact support.'}
        </Text>
        <Button onClick={() => window.location.reload()}>Reload</Button>
      </Stack>
    </Center>
  )
}
