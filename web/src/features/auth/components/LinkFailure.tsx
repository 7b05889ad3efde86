import { Button, Group, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { authErrorMessage, tokenProblem } from './auth-errors'
import { AuthCard } from './AuthCard'
import { AuthProblem } from './AuthProblem'

interface Props {
  error: unknown
  /** Title when the failure is not about the link itself (network, server). */
  fallbackTitle: string
  onRetry: () => void
  /** What to do next (links), shown under the explanation. */
  actions: ReactNode
}

/** Why an emailed link did not work, in words: expired, already used, not valid, or another problem. */
export function LinkFailure({ error, fallbackTitle, onRetry, actions }: Props) {
  const problem = tokenProblem(error)
  if (problem) {
    const title =
      problem === 'expired'
        ? 'This link has expired'
        : problem === 'used'
          ? 'This link was already used'
          : 'This link is not valid'
    return (
      <AuthCard title={title}>
        <Text>{authErrorMessage(error)}</Text>
        <Group>{actions}</Group>
      </AuthCard>
    )
  }
  return (
    <AuthCard title={fallbackTitle}>
      <AuthProblem error={error} title="Something went wrong">
        <Group mt="sm">
          <Button size="xs" variant="outline" color="red" onClick={onRetry}>
            Try again
          </Button>
        </Group>
      </AuthProblem>
      <Group>{actions}</Group>
    </AuthCard>
  )
}

/** The page when the address has no `token` parameter. */
export function MissingToken({ title, what, actions }: { title: string; what: string; actions: ReactNode }) {
  return (
    <AuthCard title={title}>
      <Text>
        This page needs the link from {what}. Open the email and use its link; if the address is split over two
        lines, copy all of it.
      </Text>
      <Group>{actions}</Group>
    </AuthCard>
  )
}
