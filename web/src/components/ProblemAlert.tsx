import { Alert, Button, Group, Text, type AlertProps } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { ApiError, errorMessage } from '@/lib/api/problem'
import { AccessProblem, accessProblemOf } from './AccessProblem'

interface Props extends Omit<AlertProps, 'title'> {
  error: unknown
  title?: string
  onRetry?: () => void
}

/**
 * An API or network error in words, with the request id to quote to support. An organisation's
 * security policy not met yet (two-step verification, a passkey) shows the way forward instead.
 */
export function ProblemAlert({ error, title, onRetry, ...rest }: Props) {
  const access = accessProblemOf(error)
  if (access) return <AccessProblem error={access} {...rest} />
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
