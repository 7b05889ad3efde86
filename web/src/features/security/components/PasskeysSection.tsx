import { Alert, Button, Group, Modal, PasswordInput, Skeleton, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconInfoCircle, IconKey } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { CardField, CardList, ListCard, useCompactList } from '@/components/lists/compact'
import { EmptyState } from '@/components/States'
import { ProblemAlert } from '@/components/ProblemAlert'
import { ApiError, errorMessage, isApiError, type ErrorCode } from '@/lib/api/problem'
import { formatDateTime, formatList } from '@/lib/format'
import { applyFieldErrors } from '@/lib/forms'
import { createPasskey, isPasskeyCancelled, passkeysSupported, suggestPasskeyName } from '@/lib/passkeys'
import { useSession } from '@/lib/session'
import { useSecurityOverview } from '../api/get-security-overview'
import { useMyPasskeys, type PasskeyInfo } from '../api/list-my-passkeys'
import { useRegisterPasskey, type PasskeyRegistered } from '../api/register-passkey'
import { useRemovePasskey } from '../api/remove-passkey'
import { useRenamePasskey } from '../api/rename-passkey'
import { useStartPasskeyRegistration } from '../api/start-passkey-registration'
import { RecoveryCodesPanel } from './RecoveryCodesPanel'
import { SectionCard } from './SectionCard'

const NAME_MAX = 60

// What the API's passkey problems mean to the person (the field ones go next to their field).
const PROBLEMS: Partial<Record<ErrorCode, string>> = {
  'passkey-ceremony-expired': 'Creating the passkey took too long. Try again.',
  'passkey-refused':
    'Vigil could not accept the passkey this device made. Try again, or use another device or security key.',
  'passkey-exists': 'That passkey is already on your account.',
  'passkey-not-found': 'That passkey is no longer on your account.',
  'passkeys-unavailable':
    'Passkeys are not available on this Vigil server: its address is not set up for them. Ask your Vigil administrator.',
}

/** A failure of a passkey change in words: the API's problem, or what the browser said. */
function problemText(error: unknown): string {
  if (error instanceof ApiError) return PROBLEMS[error.code] ?? errorMessage(error)
  return errorMessage(error)
}

function nameError(value: string): string | null {
  const name = value.trim()
  if (!name) return 'Give the passkey a name.'
  if (name.length > NAME_MAX) return `Use at most ${NAME_MAX} characters.`
  return null
}

function Failure({ title, error }: { title: string; error: unknown }) {
  const requestId = error instanceof ApiError ? error.problem?.request_id : null
  return (
    <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={title} role="alert">
      <Text size="sm">{problemText(error)}</Text>
      {requestId && (
        <Text size="xs" c="dimmed" mt={4}>
          Reference for support: {requestId}
        </Text>
      )}
    </Alert>
  )
}

/** Adding a passkey: the password and a name, then the browser's own dialog. */
function AddPasskeyForm({ onAdded, onCancel }: { onAdded: (result: PasskeyRegistered) => void; onCancel: () => void }) {
  const start = useStartPasskeyRegistration()
  const register = useRegisterPasskey()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const form = useForm({
    initialValues: { name: suggestPasskeyName(), password: '' },
    validate: {
      name: nameError,
      password: (value) => (value ? null : 'Enter your password.'),
    },
  })

  const submit = form.onSubmit(async (values) => {
    setError(null)
    setBusy(true)
    try {
      const started = await start.mutateAsync(values.password)
      const credential = await createPasskey(started.options)
      onAdded(await register.mutateAsync({ registration_token: started.registration_token, name: values.name.trim(), credential }))
    } catch (err) {
      // Closing the browser's dialog is a choice, not a failure: the form stays for another try.
      if (isPasskeyCancelled(err)) return
      // Only `password` and `name` are fields here; the token and credential are not.
      if (isApiError(err) && PROBLEMS[err.code]) setError(err)
      else if (!applyFieldErrors(form, err)) setError(err)
    } finally {
      setBusy(false)
    }
  })

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={480}>
        <Text size="sm">
          Enter your password, then follow your browser: it asks you to confirm with your fingerprint,
          face, PIN or screen lock, or with a security key or your phone.
        </Text>
        {error !== null && <Failure title="The passkey was not added" error={error} />}
        <TextInput
          label="Name for this passkey"
          description="So you can tell your passkeys apart, such as “Work laptop”."
          maxLength={NAME_MAX}
          required
          {...form.getInputProps('name')}
        />
        <PasswordInput
          label="Your password"
          autoComplete="current-password"
          required
          {...form.getInputProps('password')}
        />
        <Group gap="sm">
          <Button type="submit" loading={busy}>
            Create passkey
          </Button>
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** The passkey a modal shows: the one asked for, or while it closes, the one it showed last. */
function useShownPasskey(passkey: PasskeyInfo | null): PasskeyInfo | null {
  const [shown, setShown] = useState(passkey)
  if (passkey && passkey !== shown) setShown(passkey)
  return passkey ?? shown
}

function RenameForm({ passkey, onDone }: { passkey: PasskeyInfo; onDone: () => void }) {
  const rename = useRenamePasskey()
  const [error, setError] = useState<unknown>(null)
  const form = useForm({ initialValues: { name: passkey.name }, validate: { name: nameError } })

  const submit = form.onSubmit((values) => {
    setError(null)
    rename.mutate(
      { id: passkey.id, name: values.name.trim() },
      {
        onSuccess: (renamed) => {
          onDone()
          notifications.show({ color: 'green', title: 'Passkey renamed', message: `It is now called “${renamed.name}”.` })
        },
        onError: (err) => {
          if (isApiError(err) && PROBLEMS[err.code]) setError(err)
          else if (!applyFieldErrors(form, err)) setError(err)
        },
      },
    )
  })

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {error !== null && <Failure title="The passkey was not renamed" error={error} />}
        <TextInput label="Name" maxLength={NAME_MAX} required data-autofocus {...form.getInputProps('name')} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={rename.isPending}>
            Save name
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function RenameModal({ passkey, onClose }: { passkey: PasskeyInfo | null; onClose: () => void }) {
  const shown = useShownPasskey(passkey)
  return (
    <Modal opened={passkey !== null} onClose={onClose} title="Rename passkey" centered closeButtonProps={{ 'aria-label': 'Close' }}>
      {shown && <RenameForm key={shown.id} passkey={shown} onDone={onClose} />}
    </Modal>
  )
}

function RemoveModal({
  passkey,
  last,
  requiring,
  keeping,
  onClose,
}: {
  passkey: PasskeyInfo | null
  /** Whether it is the person's only second factor (no other passkey, no authenticator app). */
  last: boolean
  /** The organisations that require two-step verification. */
  requiring: string[]
  /** The organisations that require a passkey of the person, when this is their only passkey. */
  keeping: string[]
  onClose: () => void
}) {
  const remove = useRemovePasskey()
  const shown = useShownPasskey(passkey)
  const [error, setError] = useState<unknown>(null)
  const form = useForm({
    initialValues: { password: '' },
    validate: { password: (value) => (value ? null : 'Enter your password.') },
  })

  function close() {
    form.reset()
    setError(null)
    onClose()
  }

  const submit = form.onSubmit((values) => {
    if (!passkey) return
    setError(null)
    remove.mutate(
      { id: passkey.id, password: values.password },
      {
        onSuccess: () => {
          close()
          notifications.show({
            color: 'green',
            title: 'Passkey removed',
            message: `“${passkey.name}” no longer signs you in.`,
          })
        },
        onError: (err) => {
          if (isApiError(err) && PROBLEMS[err.code]) setError(err)
          else if (!applyFieldErrors(form, err)) setError(err)
        },
      },
    )
  })

  return (
    <Modal opened={passkey !== null} onClose={close} title="Remove passkey" centered closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            “{shown?.name}” will no longer sign you in. Remove it from the device too (in its password
            or passkey settings). Confirm with your password.
          </Text>
          {keeping.length > 0 && (
            <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="This is your only passkey">
              {`${formatList(keeping)} ${keeping.length === 1 ? 'requires' : 'require'} a passkey of you, so Vigil keeps your last one. Add another passkey first if you are replacing this one.`}
            </Alert>
          )}
          {last && keeping.length === 0 && (
            <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="This is your only second step">
              Your password alone will sign you in, and your recovery codes stop working.
              {requiring.length > 0 &&
                ` ${requiring.join(', ')} ${requiring.length === 1 ? 'requires' : 'require'} two-step verification: you cannot open ${requiring.length === 1 ? 'it' : 'them'} until you add a passkey or an authenticator app again.`}
            </Alert>
          )}
          {error !== null && (
            <Failure
              title={
                isApiError(error, 'passkey-required-by-organisation')
                  ? 'Your organisation requires a passkey'
                  : 'The passkey was not removed'
              }
              error={error}
            />
          )}
          <PasswordInput
            label="Your password"
            autoComplete="current-password"
            required
            data-autofocus
            {...form.getInputProps('password')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={remove.isPending}>
              Remove passkey
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

type Step = { name: 'idle' } | { name: 'add' } | { name: 'codes'; codes: string[] }

export function PasskeysSection() {
  const passkeys = useMyPasskeys()
  const overview = useSecurityOverview()
  const user = useSession()?.user
  const email = overview.data?.email ?? user?.email ?? ''
  const [supported] = useState(passkeysSupported)
  const [step, setStep] = useState<Step>({ name: 'idle' })
  const [renaming, setRenaming] = useState<PasskeyInfo | null>(null)
  const [removing, setRemoving] = useState<PasskeyInfo | null>(null)
  const compact = useCompactList()

  function added(result: PasskeyRegistered) {
    notifications.show({
      color: 'green',
      title: 'Passkey added',
      message: `You can now sign in with “${result.passkey.name}”.`,
    })
    if (result.signed_out_sessions > 0) {
      notifications.show({
        color: 'blue',
        title: 'Other sessions signed out',
        message: `${result.signed_out_sessions} ${result.signed_out_sessions === 1 ? 'session that had signed in with only your password was' : 'sessions that had signed in with only your password were'} signed out.`,
      })
    }
    const codes = result.recovery_codes ?? []
    setStep(codes.length > 0 ? { name: 'codes', codes } : { name: 'idle' })
  }

  const description =
    'Sign in with your fingerprint, face, PIN or screen lock instead of typing your password. A passkey also serves as your second step after your password. It cannot be phished or guessed.'

  const actions = (row: PasskeyInfo) => (
    <Group gap="xs" justify="flex-end" wrap="nowrap">
      <Button size="xs" variant="default" onClick={() => setRenaming(row)} aria-label={`Rename ${row.name}`}>
        Rename
      </Button>
      <Button size="xs" variant="outline" color="red" onClick={() => setRemoving(row)} aria-label={`Remove ${row.name}`}>
        Remove
      </Button>
    </Group>
  )

  let list: ReactNode
  if (passkeys.isPending) {
    list = (
      <Stack gap="xs" aria-label="Loading passkeys">
        <Skeleton height={28} />
      </Stack>
    )
  } else if (passkeys.isError) {
    list = <ProblemAlert error={passkeys.error} onRetry={() => void passkeys.refetch()} />
  } else if (passkeys.data.length === 0) {
    list = step.name === 'idle' ? <EmptyState title="No passkeys yet">Add one to sign in without typing your password.</EmptyState> : null
  } else if (compact) {
    list = (
      <CardList label="Passkeys">
        {passkeys.data.map((row) => (
          <ListCard
            key={row.id}
            label={row.name}
            heading={
              <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                {row.name}
              </Text>
            }
            fields={
              <>
                <CardField label="Added">{formatDateTime(row.created_at)}</CardField>
                <CardField label="Last used">{row.last_used_at ? formatDateTime(row.last_used_at) : 'Never'}</CardField>
              </>
            }
            actions={actions(row)}
          />
        ))}
      </CardList>
    )
  } else {
    list = (
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="sm" striped aria-label="Passkeys">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Added</Table.Th>
              <Table.Th scope="col">Last used</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {passkeys.data.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Th scope="row" fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {row.name}
                </Table.Th>
                <Table.Td>{formatDateTime(row.created_at)}</Table.Td>
                <Table.Td>{row.last_used_at ? formatDateTime(row.last_used_at) : 'Never'}</Table.Td>
                <Table.Td ta="right">{actions(row)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    )
  }

  let flow: ReactNode = null
  if (step.name === 'codes') {
    flow = <RecoveryCodesPanel codes={step.codes} email={email} lost="your passkeys" onDone={() => setStep({ name: 'idle' })} />
  } else if (step.name === 'add') {
    flow = <AddPasskeyForm onAdded={added} onCancel={() => setStep({ name: 'idle' })} />
  }

  const count = passkeys.data?.length ?? 0
  const requiring = overview.data?.organizations.filter((org) => org.require_mfa).map((org) => org.organization_name) ?? []
  const last = count === 1 && overview.data?.mfa.enabled === false
  const passkeyRequiring = overview.data?.organizations.filter((org) => org.require_passkey).map((org) => org.organization_name) ?? []

  return (
    <SectionCard
      title="Passkeys"
      description={description}
      actions={
        step.name === 'idle' ? (
          <Button
            leftSection={<IconKey size={18} aria-hidden />}
            disabled={!supported}
            onClick={() => setStep({ name: 'add' })}
          >
            Add a passkey
          </Button>
        ) : null
      }
    >
      <Stack gap="md">
        {!supported && (
          <Alert color="gray" icon={<IconInfoCircle aria-hidden />} title="This browser cannot use passkeys">
            To add a passkey, open Vigil in an up-to-date browser such as Chrome, Edge, Safari or
            Firefox, on a device with a fingerprint or face sensor, a PIN or screen lock, or with a
            security key. Passkeys you already have are listed below.
          </Alert>
        )}
        {passkeys.isSuccess && count === 0 && passkeyRequiring.length > 0 && step.name === 'idle' && (
          <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="A passkey is required">
            {`${formatList(passkeyRequiring)} ${passkeyRequiring.length === 1 ? 'requires' : 'require'} a passkey of you. Add one to keep using ${passkeyRequiring.length === 1 ? 'it' : 'them'}.`}
          </Alert>
        )}
        {flow}
        {list}
      </Stack>
      <RenameModal passkey={renaming} onClose={() => setRenaming(null)} />
      <RemoveModal
        passkey={removing}
        last={last}
        requiring={requiring}
        keeping={count === 1 ? passkeyRequiring : []}
        onClose={() => setRemoving(null)} />
    </SectionCard>
  )
}
