import { Center, Loader } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { Navigate, Outlet, useLocation } from 'react-router'
import { ProblemAlert } from '@/components/ProblemAlert'
import { sessionQuery } from '@/lib/session'
import { sessionEndReason, signInUrl } from '@/lib/session-expiry'

/** Pages below need a signed-in person; others go to the login page and come back after. */
export function RequireSession() {
  const { data, error, isPending, refetch } = useQuery(sessionQuery)
  const location = useLocation()
  if (isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    )
  }
  if (error) return <ProblemAlert error={error} onRetry={() => void refetch()} m="xl" />
  if (!data) {
    const next = `${location.pathname}${location.search}`
    // A person whose session just ended mid-visit is told why; a first visit is not.
    const reason = sessionEndReason()
    return <Navigate to={reason ? signInUrl(next, reason) : `/login?next=${encodeURIComponent(next)}`} replace />
  }
  return <Outlet />
}
