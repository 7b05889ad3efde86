import { Button, Group, Modal, Stack } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useState, type ReactNode } from 'react'
import { ProblemAlert } from '@/components/ProblemAlert'
import { SecondFactorFields } from '@/components/SecondFactorFields'
import { applyFieldErrors } from '@/lib/forms'
import type { SecondFactorConfirmation } from '../api/disable-totp'

interface Props {
  opened: boolean
  onClose: () => void
  title: string
  children?: ReactNode
  submitLabel: string
  danger?: boolean
  pending: boolean
  /** Sends the confirmation; a rejected promise shows its error in the modal. */
  onSubmit: (body: SecondFactorConfirmation) => Promise<unknown>
}

/** Asks for the password and a second factor (app code or recovery code) before a change. */
export function SecondFactorModal({ opened, onClose, title, children, submitLabel, danger, pending, onSubmit }: Props) {
  const [useRecovery, setUseRecovery] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const form = useForm({
    initialValues: { password: '', code: '', recovery_code: '' },
    validate: {
      password: (value) => (value ? null : 'Enter your password.'),
      code: (value) => (useRecovery || /^\d{6}$/.test(value.replace(/\s/g, '')) ? null : 'Enter the 6-digit code from your app.'),
      recovery_code: (value) => (!useRecovery || value.trim() ? null : 'Enter one of your recovery codes.'),
    },
  })

  function close() {
    form.reset()
    setError(null)
    setUseRecovery(false)
    onClose()
  }

  const submit = form.onSubmit(async (values) => {
    setError(null)
    const body: SecondFactorConfirmation = useRecovery
      ? { password: values.password, recovery_code: values.recovery_code.trim() }
      : { password: values.password, code: values.code.replace(/\s/g, '') }
    try {
      await onSubmit(body)
      form.reset()
      setUseRecovery(false)
    } catch (err) {
      // The server names `code` even when a recovery code was wrong.
      if (!applyFieldErrors(form, err, useRecovery ? { code: 'recovery_code', recovery_code: 'recovery_code' } : {})) {
        setError(err)
      }
    }
  })

  return (
    <Modal opened={opened} onClose={close} title={title} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {children}
          {error !== null && <ProblemAlert error={error} />}
          <SecondFactorFields
            password={form.getInputProps('password')}
            code={form.getInputProps(useRecovery ? 'recovery_code' : 'code')}
            recovery={useRecovery}
            onToggleRecovery={() => setUseRecovery((v) => !v)}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
