import { Alert, Button, Group, Text, type AlertProps } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { ApiError, errorMessage } from '@/lib/api/problem'

interface Props extends Omit<AlertProps, 'title'> {
  error: unknown
  title?: string
  onRetry?: () => void
}

/** An API or network error in words, with the request id to quote to support. */
export function ProblemAlert({ error, title, onRetry, ...rest }: Props) {
  const requestId = error instanceof ApiError ? error.problem?.request_id : null
  const heading = title ?? (error instanceof ApiError && error.problem?.title) ?? 'Something went wrong'
  return (
    <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={heading} role="alert" {...rest}>
      <Text size="sm">{errorMessage(error)}</Text>
      {requestId && (
        <Text size="xs" c="dimmed" mt={4}>
          Reference for support: {requestId}
        </Text>
      )}
      {onRetry && (
        <Group mt="sm">
          <Button size="xs" variant="outline" color="red" onClick={onRetry}>
            Try again
          </Button>
        </Group>
      )}
    </Alert>
  )
}
