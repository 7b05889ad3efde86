import { Button, Group, Modal, Stack, Text, VisuallyHidden } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useLocation, useNavigate } from 'react-router'
import { ProblemAlert } from '@/components/ProblemAlert'
import { api, setCsrfToken } from '@/lib/api/client'
import { unwrap } from '@/lib/api/problem'
import { formatCountdown, idleDeadline, spokenCountdown, subscribeIdle, WARN_BEFORE_MS } from '@/lib/idle'
import { sessionQuery } from '@/lib/session'
import { noteSignedInOrOut, signOutIdle } from '@/lib/session-expiry'

/**
 * Warns before a session without "remember me" ends for want of activity, with a way to stay
 * signed in; at the end, signs out and goes to sign-in, coming back to the same page after.
 */
export function IdleWarning() {
  const deadline = useSyncExternalStore(subscribeIdle, idleDeadline)
  const [now, setNow] = useState(() => Date.now())
  const client = useQueryClient()
  const navigate = useNavigate()
  const location = useLocation()
  const signingOut = useRef(false)

  // A second's tick while a deadline exists; a sleeping laptop catches up on waking.
  useEffect(() => {
    if (deadline === null) return
    const timer = window.setInterval(() => setNow(Date.now()), 1000)
    return () => window.clearInterval(timer)
  }, [deadline])

  // Any request counts as activity: asking for the session extends it.
  const stay = useMutation({
    mutationFn: () => client.fetchQuery({ ...sessionQuery, staleTime: 0 }),
  })

  const left = deadline === null ? null : deadline - now
  useEffect(() => {
    if (left === null || left > 0 || signingOut.current) return
    signingOut.current = true
    void signOutIdle(
      client,
      (to) => void navigate(to, { replace: true }),
      location,
      () => unwrap(api.POST('/api/v1/auth/logout')),
    )
  }, [left, client, navigate, location])

  // Signing out on purpose: nothing to explain on the sign-in page.
  const signOutNow = async () => {
    try {
      await unwrap(api.POST('/api/v1/auth/logout'))
    } catch {
      // Ended already: forgetting it here is all that is left.
    }
    noteSignedInOrOut(false)
    setCsrfToken(null)
    client.clear()
    void navigate('/login', { replace: true })
  }

  const opened = left !== null && left > 0 && left <= WARN_BEFORE_MS
  const extend = () => {
    if (!stay.isPending) stay.mutate()
  }
  return (
    <Modal
      opened={opened}
      onClose={extend}
      title="Are you still there?"
      centered
      closeButtonProps={{ 'aria-label': 'Close and stay signed in' }}
    >
      <Stack>
        <Text>
          To keep your organisation&apos;s records safe, you will be signed out in{' '}
          <Text span fw={700} role="timer" aria-label="Time left">
            {formatCountdown(left ?? 0)}
          </Text>{' '}
          unless you carry on. You will come back to this page after signing in again.
        </Text>
        <VisuallyHidden aria-live="polite">
          {opened ? `You will be signed out in ${spokenCountdown(left ?? 0)}.` : ''}
        </VisuallyHidden>
        {stay.error ? <ProblemAlert error={stay.error} /> : null}
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => {
              signingOut.current = true
              void signOutNow()
            }}
          >
            Sign out now
          </Button>
          <Button onClick={extend} loading={stay.isPending} data-autofocus>
            Stay signed in
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
