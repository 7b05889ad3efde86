import { Alert, Text, type AlertProps } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { ApiError } from '@/lib/api/problem'
import { authErrorMessage } from './auth-errors'

interface Props extends Omit<AlertProps, 'title' | 'children'> {
  error: unknown
  title: string
  children?: ReactNode
}

/** An error of the auth pages in words (rate limits say when to retry), with the request id. */
export function AuthProblem({ error, title, children, ...rest }: Props) {
  const requestId = error instanceof ApiError ? error.problem?.request_id : null
  return (
    <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={title} role="alert" {...rest}>
      <Text size="sm">{authErrorMessage(error)}</Text>
      {requestId && (
        <Text size="xs" c="gray.7" mt={4}>
          Reference for support: {requestId}
        </Text>
      )}
      {children}
    </Alert>
  )
}
