import { ProblemAlert } from '@/components/ProblemAlert'

/**
 * A failed load; when the organisation's security policy is not met yet (two-step verification,
 * a passkey), ProblemAlert shows the way forward.
 */
export function DocumentsProblem({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return <ProblemAlert error={error} onRetry={onRetry} />
}
