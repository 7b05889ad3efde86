import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconAlertTriangle, IconKey } from '@tabler/icons-react'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { SecondFactorFields } from '@/components/SecondFactorFields'
import { ApiError, errorMessage, isApiError, type ErrorCode, type Problem } from '@/lib/api/problem'
import { setStepUpPrompt } from '@/lib/api/step-up'
import { applyFieldErrors } from '@/lib/forms'
import { getPasskey, isPasskeyCancelled, passkeysSupported } from '@/lib/passkeys'
import { passkeyStepUpBody, proofText, secondFactorStepUpBody, startStepUp, stepUp, type StepUpOptions } from '@/lib/step-up'

// The API's step-up problems in the person's words (those about a field go next to it).
const PROBLEMS: Partial<Record<ErrorCode, string>> = {
  'passkey-refused': 'Vigil could not accept that passkey. Try again, or use another of your passkeys.',
  'passkey-ceremony-expired': 'That took too long, so Vigil asked your browser again. Try once more.',
  'passkeys-unavailable':
    'Passkeys are not available on this Vigil server: its address is not set up for them. Ask your Vigil administrator.',
}

function Failure({ error }: { error: unknown }) {
  const requestId = error instanceof ApiError ? error.problem?.request_id : null
  const title = isApiError(error) && error.status === 429 ? 'Too many attempts' : 'Not confirmed'
  return (
    <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={title} role="alert">
      <Text size="sm">{(error instanceof ApiError && PROBLEMS[error.code]) || errorMessage(error)}</Text>
      {requestId && (
        <Text size="xs" c="dimmed" mt={4}>
          Reference for support: {requestId}
        </Text>
      )}
    </Alert>
  )
}

interface Asked {
  /** Numbers the dialogs, so each starts afresh. */
  id: number
  resolve: (confirmed: boolean) => void
}

/**
 * The one step-up dialog of the app, mounted once beside the routes: requests the API refuses
 * with `step-up-required` (and "Confirm it is you" buttons) open it; it asks for the person's
 * strongest method (passkey, password and code, or password), and the refused request is sent
 * again once they have confirmed. Cancelling leaves the page as it was.
 */
export function StepUpDialog() {
  const [asked, setAsked] = useState<Asked | null>(null)
  const count = useRef(0)
  useEffect(
    () =>
      setStepUpPrompt(
        (_problem: Problem | null) =>
          new Promise<boolean>((resolve) => {
            count.current += 1
            setAsked({ id: count.current, resolve })
          }),
      ),
    [],
  )

  function finish(confirmed: boolean) {
    asked?.resolve(confirmed)
    setAsked(null)
  }

  return (
    <Modal opened={asked !== null} onClose={() => finish(false)} title="Confirm it is you" centered closeButtonProps={{ 'aria-label': 'Close' }}>
      {asked && <StepUpContent key={asked.id} id={asked.id} onDone={finish} />}
    </Modal>
  )
}

function StepUpContent({ id, onDone }: { id: number; onDone: (confirmed: boolean) => void }) {
  // A fresh challenge for each dialog and try (a passkey's can be answered once).
  const [round, setRound] = useState(0)
  const options = useQuery({
    queryKey: ['step-up', 'options', id, round],
    queryFn: startStepUp,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    // While a new challenge loads, the dialog stays as it was (with what went wrong last).
    placeholderData: keepPreviousData,
  })
  // The session ended meanwhile: the app is taking the person to sign in.
  const signedOut = isApiError(options.error) && options.error.status === 401
  useEffect(() => {
    if (signedOut) onDone(false)
  }, [signedOut, onDone])

  if (options.data) {
    return (
      <Stack gap="sm">
        <Text size="sm">
          To continue, confirm it is you. {proofText(options.data.proof)}
        </Text>
        {options.data.proof === 'passkey' ? (
          <PasskeyProof
            options={options.data}
            ready={!options.isPlaceholderData}
            onAskAgain={() => setRound((r) => r + 1)}
            onDone={onDone}
          />
        ) : (
          <PasswordProof withCode={options.data.proof === 'password_and_code'} onDone={onDone} />
        )}
        <Text size="xs" c="gray.7">
          Vigil will not ask again for {options.data.minutes} minutes.
        </Text>
      </Stack>
    )
  }
  if (options.error) {
    return (
      <Stack gap="sm">
        <Failure error={options.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => onDone(false)}>
            Cancel
          </Button>
          <Button onClick={() => void options.refetch()} data-autofocus>
            Try again
          </Button>
        </Group>
      </Stack>
    )
  }
  return (
    <Group justify="center" py="md">
      <Loader aria-label="Loading what Vigil needs from you" />
    </Group>
  )
}

function PasskeyProof({
  options,
  ready,
  onAskAgain,
  onDone,
}: {
  options: StepUpOptions
  /** False while a new challenge loads. */
  ready: boolean
  onAskAgain: () => void
  onDone: (confirmed: boolean) => void
}) {
  const [supported] = useState(passkeysSupported)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  async function confirm() {
    setError(null)
    setBusy(true)
    try {
      const credential = await getPasskey(options.passkey)
      await stepUp(passkeyStepUpBody(options.ceremony_token ?? '', credential))
      onDone(true)
    } catch (err) {
      // Closing the browser's dialog is a choice: the same challenge can still be answered.
      if (isPasskeyCancelled(err)) return
      setError(err)
      // The API has used up the challenge; ask for a new one for the next try.
      if (err instanceof ApiError) onAskAgain()
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack gap="sm">
      {!supported && (
        <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="This browser cannot use passkeys">
          Your account has a passkey, so Vigil asks for it. Open Vigil in a browser that can use your passkey,
          such as an up-to-date Chrome, Edge, Safari or Firefox, and try again there.
        </Alert>
      )}
      {error !== null && <Failure error={error} />}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={() => onDone(false)} disabled={busy}>
          Cancel
        </Button>
        <Button
          leftSection={<IconKey size={18} aria-hidden />}
          loading={busy || !ready}
          disabled={!supported}
          onClick={() => void confirm()}
          data-autofocus
        >
          Use your passkey
        </Button>
      </Group>
    </Stack>
  )
}

function PasswordProof({ withCode, onDone }: { withCode: boolean; onDone: (confirmed: boolean) => void }) {
  const [recovery, setRecovery] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const form = useForm({
    initialValues: { password: '', code: '' },
    validate: {
      password: (value) => (value ? null : 'Enter your password.'),
      code: (value) => {
        if (!withCode) return null
        if (recovery) return value.trim() ? null : 'Enter one of your recovery codes.'
        return /^\d{6}$/.test(value.replace(/\s/g, '')) ? null : 'Enter the 6-digit code from your app.'
      },
    },
  })

  const submit = form.onSubmit(async (values) => {
    setError(null)
    try {
      await stepUp(withCode ? secondFactorStepUpBody(values.password, values.code, recovery) : { password: values.password })
      onDone(true)
    } catch (err) {
      // The server names `code` for a wrong recovery code too.
      if (!applyFieldErrors(form, err, { recovery_code: 'code' })) setError(err)
    }
  })

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {error !== null && <Failure error={error} />}
        <SecondFactorFields
          password={form.getInputProps('password')}
          code={withCode ? form.getInputProps('code') : undefined}
          recovery={recovery}
          recoveryDescription="One of the codes you saved, like k7vq-m2xp-9tdr"
          onToggleRecovery={() => {
            form.setFieldValue('code', '')
            form.clearFieldError('code')
            setRecovery((v) => !v)
          }}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => onDone(false)} disabled={form.submitting}>
            Cancel
          </Button>
          <Button type="submit" loading={form.submitting}>
            Confirm
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
