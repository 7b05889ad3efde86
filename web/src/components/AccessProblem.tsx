import { Alert, Button, Group, Stack, Text, type AlertProps } from '@mantine/core'
import { IconKey, IconShieldLock } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useLocation } from 'react-router'
import { ApiError, errorMessage, type ErrorCode } from '@/lib/api/problem'
import { confirmIdentity } from '@/lib/api/step-up'

/**
 * The refusals of an organisation whose security policy the person does not meet yet, and the
 * way forward: set something up in their security settings (then come back), or confirm it is
 * them in place (then the page loads again).
 */
const ACCESS = {
  'mfa-enrolment-required': { title: 'Two-step verification required', way: 'settings' },
  'passkey-enrolment-required': { title: 'A passkey is required', way: 'settings' },
  'mfa-step-up-required': { title: 'Confirm it is you', way: 'confirm' },
  'passkey-step-up-required': { title: 'Sign-in with a passkey required', way: 'confirm' },
} as const satisfies Partial<Record<ErrorCode, { title: string; way: 'settings' | 'confirm' }>>

type AccessCode = keyof typeof ACCESS

/** The access problem an error is, if it is one. */
export function accessProblemOf(error: unknown): (ApiError & { code: AccessCode }) | null {
  return error instanceof ApiError && error.code in ACCESS ? (error as ApiError & { code: AccessCode }) : null
}

/** Whether an error says the organisation's security policy is not met yet. */
export function isAccessProblem(error: unknown): boolean {
  return accessProblemOf(error) !== null
}

interface Props extends Omit<AlertProps, 'title'> {
  error: ApiError & { code: AccessCode }
}

/** An organisation's security policy not met yet: what it asks, and the button that gets there. */
export function AccessProblem({ error, ...rest }: Props) {
  const { title, way } = ACCESS[error.code]
  const client = useQueryClient()
  const [busy, setBusy] = useState(false)
  const [cancelled, setCancelled] = useState(false)
  const passkey = error.code.startsWith('passkey-')
  const location = useLocation()
  // The security page offers the way back here once the person has set it up.
  const settings = `/account/security?back=${encodeURIComponent(`${location.pathname}${location.search}`)}`

  async function confirm() {
    setCancelled(false)
    setBusy(true)
    try {
      if (await confirmIdentity(error.problem)) {
        // Everything refused for this reason loads again, now that the session meets the policy.
        await client.resetQueries({ predicate: (query) => isAccessProblem(query.state.error) })
      } else {
        setCancelled(true)
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <Alert color="orange" icon={<IconShieldLock aria-hidden />} title={title} role="alert" {...rest}>
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {way === 'settings' ? (
          <>
            {passkey && (
              <Text size="sm">
                Add a passkey in your security settings (it takes a minute: your device asks for your fingerprint,
                face, PIN or security key), then come back to this page.
              </Text>
            )}
            <Button component={Link} to={settings} leftSection={passkey ? <IconKey size={18} aria-hidden /> : undefined}>
              {passkey ? 'Add a passkey' : 'Open my security settings'}
            </Button>
          </>
        ) : (
          <>
            <Text size="sm" aria-live="polite">
              {cancelled ? 'Not confirmed yet. This page stays closed until you do.' : ''}
            </Text>
            <Group gap="sm">
              <Button
                leftSection={passkey ? <IconKey size={18} aria-hidden /> : undefined}
                loading={busy}
                onClick={() => void confirm()}
              >
                {passkey ? 'Confirm with your passkey' : 'Confirm it is you'}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Alert>
  )
}
