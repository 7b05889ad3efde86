import { Button, Stack } from '@mantine/core'
import { Link } from 'react-router'
import { ProblemAlert } from '@/components/ProblemAlert'
import { isApiError } from '@/lib/api/problem'

/** A failed load, with the way forward when the organisation requires two-step verification. */
export function DocumentsProblem({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (isApiError(error, 'mfa-enrolment-required')) {
    return (
      <Stack gap="sm" align="flex-start">
        <ProblemAlert error={error} title="Two-step verification required" />
        <Button component={Link} to="/account/security">
          Open my security settings
        </Button>
      </Stack>
    )
  }
  return <ProblemAlert error={error} onRetry={onRetry} />
}
