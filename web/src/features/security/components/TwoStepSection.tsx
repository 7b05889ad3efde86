import { Alert, Badge, Button, Group, Skeleton, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconInfoCircle, IconShieldCheck } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { ProblemAlert } from '@/components/ProblemAlert'
import { formatDate } from '@/lib/format'
import { useDisableTotp } from '../api/disable-totp'
import { useSecurityOverview } from '../api/get-security-overview'
import { useMyPasskeys } from '../api/list-my-passkeys'
import { useRegenerateRecoveryCodes } from '../api/regenerate-recovery-codes'
import type { TotpSetup } from '../api/start-totp-enrolment'
import { RecoveryCodesPanel } from './RecoveryCodesPanel'
import { SecondFactorModal } from './SecondFactorModal'
import { SectionCard } from './SectionCard'
import { TotpPasswordStep, TotpScanStep } from './TotpEnrolment'

type Step =
  | { name: 'idle' }
  | { name: 'password' }
  | { name: 'scan'; setup: TotpSetup }
  | { name: 'codes'; codes: string[] }

export function TwoStepSection() {
  const overview = useSecurityOverview()
  const [step, setStep] = useState<Step>({ name: 'idle' })
  const [modal, setModal] = useState<'disable' | 'regenerate' | null>(null)
  const disable = useDisableTotp()
  const regenerate = useRegenerateRecoveryCodes()
  // A passkey is a second step too: organisations that require one are satisfied by it.
  const hasPasskey = (useMyPasskeys().data?.length ?? 0) > 0

  const description =
    'A code from an authenticator app on your phone, as well as your password, each time you sign in on a new device. Someone who learns your password still cannot get in.'

  if (overview.isPending) {
    return (
      <SectionCard title="Two-step verification" description={description}>
        <Skeleton height={36} width={280} aria-label="Loading two-step verification status" />
      </SectionCard>
    )
  }
  if (overview.isError) {
    return (
      <SectionCard title="Two-step verification" description={description}>
        <ProblemAlert error={overview.error} onRetry={() => void overview.refetch()} />
      </SectionCard>
    )
  }

  const { mfa, organizations, email } = overview.data
  const requiring = organizations.filter((org) => org.require_mfa).map((org) => org.organization_name)

  let body: ReactNode
  if (step.name === 'codes') {
    body = <RecoveryCodesPanel codes={step.codes} email={email} onDone={() => setStep({ name: 'idle' })} />
  } else if (step.name === 'password') {
    body = (
      <TotpPasswordStep
        onStarted={(setup) => setStep({ name: 'scan', setup })}
        onCancel={() => setStep({ name: 'idle' })}
      />
    )
  } else if (step.name === 'scan') {
    body = (
      <TotpScanStep
        setup={step.setup}
        onConfirmed={(codes) => {
          setStep({ name: 'codes', codes })
          notifications.show({
            color: 'green',
            title: 'Two-step verification is on',
            message: 'Save your recovery codes before you leave this page.',
          })
        }}
        onCancel={() => setStep({ name: 'idle' })}
      />
    )
  } else if (mfa.enabled) {
    body = (
      <Stack gap="sm">
        <Text size="sm">
          You have {mfa.recovery_codes_left} unused recovery {mfa.recovery_codes_left === 1 ? 'code' : 'codes'}.
          {mfa.recovery_codes_left <= 3 && ' Generate new ones soon so you are not locked out if you lose your phone.'}
        </Text>
        <Group gap="sm">
          <Button variant="default" onClick={() => setModal('regenerate')}>
            Generate new recovery codes
          </Button>
          <Button variant="outline" color="red" onClick={() => setModal('disable')}>
            Turn off two-step verification
          </Button>
        </Group>
      </Stack>
    )
  } else if (!mfa.available) {
    body = (
      <Alert color="gray" icon={<IconInfoCircle aria-hidden />} title="Not available yet">
        This Vigil server is not set up for two-step verification yet. Ask your Vigil administrator
        to configure it.
      </Alert>
    )
  } else {
    body = (
      <Group>
        <Button leftSection={<IconShieldCheck size={18} aria-hidden />} onClick={() => setStep({ name: 'password' })}>
          Set up two-step verification
        </Button>
      </Group>
    )
  }

  return (
    <SectionCard
      title="Two-step verification"
      description={description}
      actions={
        <Badge color={mfa.enabled ? 'green' : 'gray'} variant="light" size="lg">
          {mfa.enabled ? 'On' : 'Off'}
        </Badge>
      }
    >
      <Stack gap="md">
        {mfa.enabled && mfa.enabled_at && step.name === 'idle' && (
          <Text size="sm">Turned on {formatDate(mfa.enabled_at)}.</Text>
        )}
        {!mfa.enabled && !hasPasskey && requiring.length > 0 && step.name !== 'codes' && (
          <Alert color="orange" icon={<IconInfoCircle aria-hidden />} title="Required by your organisation">
            {requiring.join(', ')} {requiring.length === 1 ? 'requires' : 'require'} two-step
            verification. Turn it on to keep access.
          </Alert>
        )}
        {body}
      </Stack>

      <SecondFactorModal
        opened={modal === 'disable'}
        onClose={() => setModal(null)}
        title="Turn off two-step verification"
        submitLabel="Turn off"
        danger
        pending={disable.isPending}
        onSubmit={async (confirmation) => {
          await disable.mutateAsync(confirmation)
          setModal(null)
          setStep({ name: 'idle' })
          notifications.show({
            color: 'green',
            title: 'Two-step verification is off',
            message: 'Your password alone now signs you in. Your recovery codes no longer work.',
          })
        }}
      >
        <Text size="sm">
          Your account will be protected by your password alone, and your recovery codes stop
          working. Confirm with your password and a current code.
        </Text>
        {requiring.length > 0 && !hasPasskey && (
          <Alert color="orange" title="You will lose access">
            {requiring.join(', ')} {requiring.length === 1 ? 'requires' : 'require'} two-step
            verification: you cannot open {requiring.length === 1 ? 'it' : 'them'} until you turn it
            on again.
          </Alert>
        )}
      </SecondFactorModal>

      <SecondFactorModal
        opened={modal === 'regenerate'}
        onClose={() => setModal(null)}
        title="Generate new recovery codes"
        submitLabel="Generate codes"
        pending={regenerate.isPending}
        onSubmit={async (confirmation) => {
          const result = await regenerate.mutateAsync(confirmation)
          setModal(null)
          setStep({ name: 'codes', codes: result.recovery_codes })
          notifications.show({
            color: 'green',
            title: 'New recovery codes',
            message: 'Your old recovery codes no longer work. Save the new ones.',
          })
        }}
      >
        <Text size="sm">
          Your current recovery codes stop working and ten new ones are shown once. Confirm with
          your password and a current code.
        </Text>
      </SecondFactorModal>
    </SectionCard>
  )
}
