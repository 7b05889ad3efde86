import { Alert, Button, Group, Stack, Stepper, Text, Title } from '@mantine/core'
import { useMediaQuery } from '@mantine/hooks'
import { IconInfoCircle } from '@tabler/icons-react'
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { Link } from 'react-router'
import { BrandingForm } from '@/components/organization/BrandingForm'
import { OrganizationProfileForm } from '@/components/organization/OrganizationProfileForm'
import { READABLE_ALERT, ReadableDimmed } from '@/components/organization/ReadableDimmed'
import { PageHeader } from '@/components/PageHeader'
import { ProblemAlert } from '@/components/ProblemAlert'
import { LoadingState } from '@/components/States'
import { errorMessage } from '@/lib/api/problem'
import { useOrganization } from '@/lib/organization/get-organization'
import { notify } from '@/lib/notify'
import type { Organization } from '@/lib/organization/profile'
import { grantableRoles } from '@/lib/roles'
import { can, useMembership, useOrgId, type Role } from '@/lib/session'
import { useOnboarding, type OnboardingState } from '../api/get-onboarding'
import { useSkipOnboardingStep, type SkippableStep } from '../api/skip-onboarding-step'
import { DoneStep } from '../components/DoneStep'
import { InviteTeamStep } from '../components/InviteTeamStep'
import { StepStatusGlyph, stepColour } from '../components/StepStatusIcon'
import { STEPS, initialActive, nextActive, statusLabel, statusOf, stepIndex } from '../components/steps'

const TITLE = 'Set up your organisation'

export default function OnboardingPage() {
  return (
    <ReadableDimmed>
      <OnboardingPageContent />
    </ReadableDimmed>
  )
}

function OnboardingPageContent() {
  const orgId = useOrgId()
  const membership = useMembership()

  if (!can(membership, 'onboarding.manage')) {
    return (
      <>
        <PageHeader title={TITLE} />
        <Alert color="blue" icon={<IconInfoCircle aria-hidden />} title="Only administrators can set up the organisation"
          styles={READABLE_ALERT}
        >
          <Text size="sm">
            The owners and administrators of {membership?.organization_name ?? 'this organisation'} fill in its
            details, branding and team. You can start working right away.
          </Text>
          <Group mt="sm">
            <Button component={Link} to={`/organizations/${orgId}/dashboard`} size="sm">
              Go to dashboard
            </Button>
          </Group>
        </Alert>
      </>
    )
  }

  return <AdminOnboarding orgId={orgId} invitableRoles={grantableRoles(membership)} />
}

function AdminOnboarding({ orgId, invitableRoles }: { orgId: string; invitableRoles: readonly Role[] }) {
  const onboarding = useOnboarding(orgId)
  const organization = useOrganization(orgId)
  const error = onboarding.error ?? organization.error
  return (
    <>
      <PageHeader
        title={TITLE}
        description="A few steps to make Vigil yours. You can skip any of them and come back later from Settings."
      />
      {error ? (
        <ProblemAlert
          error={error}
          title="The setup could not be loaded"
          onRetry={() => {
            void onboarding.refetch()
            void organization.refetch()
          }}
        />
      ) : onboarding.data && organization.data ? (
        <Wizard orgId={orgId} state={onboarding.data} organization={organization.data} invitableRoles={invitableRoles} />
      ) : (
        <LoadingState label="Loading your setup" />
      )}
    </>
  )
}

function Wizard({
  orgId,
  state,
  organization,
  invitableRoles,
}: {
  orgId: string
  state: OnboardingState
  organization: Organization
  invitableRoles: readonly Role[]
}) {
  const [active, setActive] = useState(() => initialActive(state))
  const [invitedCount, setInvitedCount] = useState(0)
  const compact = useMediaQuery('(max-width: 48em)')
  const skip = useSkipOnboardingStep(orgId)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const focusPending = useRef(false)

  // Moving between steps puts keyboard and screen reader focus on the new step's heading.
  useLayoutEffect(() => {
    if (!focusPending.current) return
    focusPending.current = false
    headingRef.current?.focus()
  })

  const goTo = (index: number) => {
    focusPending.current = true
    setActive(index)
  }

  const skipButton = (step: SkippableStep) => (
    <Button
      variant="default"
      loading={skip.isPending && skip.variables === step}
      onClick={() =>
        skip.mutate(step, {
          onSuccess: (next) => goTo(nextActive(next.steps, stepIndex(step))),
          onError: (error) =>
            notify({ color: 'red', title: 'The step was not skipped', message: errorMessage(error) }),
        })
      }
    >
      Skip for now
    </Button>
  )

  const stepHeading = (title: string, intro: ReactNode) => (
    <Stack gap={4} mb="md">
      <Title order={2} size="h3" ref={headingRef} tabIndex={-1} style={{ outline: 'none' }}>
        {title}
      </Title>
      <Text c="gray.7" size="sm">
        {intro}
      </Text>
    </Stack>
  )

  return (
    <Stepper
      active={active}
      onStepClick={goTo}
      orientation={compact ? 'vertical' : 'horizontal'}
      size="sm"
      aria-label="Setup steps"
    >
      {STEPS.map((info, index) => {
        const status = statusOf(state.steps, info.step)
        // The status decides the icon, not the wizard's position: a skipped step behind the
        // current one does not get the completed tick.
        const glyph = status === 'pending' ? undefined : <StepStatusGlyph status={status} size={18} />
        return (
          <Stepper.Step
            key={info.step}
            label={info.label}
            description={statusLabel(status)}
            icon={glyph}
            completedIcon={glyph}
            color={stepColour(status)}
            allowStepSelect={info.editable && index !== active}
            aria-current={index === active ? 'step' : undefined}
          >
            {info.step === 'account' || info.step === 'verify_email' ? (
              <Text>This step was completed when you signed up.</Text>
            ) : null}
            {info.step === 'organization_details' && (
              <>
                {stepHeading(
                  'Organisation details',
                  'Your ABN, address and contacts appear on reports and in emails to your team.',
                )}
                <OrganizationProfileForm
                  organization={organization}
                  submitLabel="Save and continue"
                  secondaryAction={skipButton('organization_details')}
                  onSaved={() => {
                    notify({ color: 'teal', title: 'Details saved', message: 'Your organisation details are up to date.' })
                    goTo(nextActive(state.steps, index))
                  }}
                />
              </>
            )}
            {info.step === 'branding' && (
              <>
                {stepHeading('Branding', 'Your logo and colours appear in the app header and in emails to your team.')}
                <BrandingForm
                  organization={organization}
                  submitLabel="Save and continue"
                  secondaryAction={skipButton('branding')}
                  onSaved={(saved) => {
                    const warnings = saved.branding_warnings
                    notify(
                      warnings.length > 0
                        ? {
                            color: 'yellow',
                            title: 'Branding saved, with accessibility warnings',
                            message: warnings.map((w) => w.message).join(' '),
                            autoClose: 12_000,
                          }
                        : { color: 'teal', title: 'Branding saved', message: 'Your header now uses your colours.' },
                    )
                    goTo(nextActive(state.steps, index))
                  }}
                />
              </>
            )}
            {info.step === 'invite_team' && (
              <>
                {stepHeading(
                  'Invite your team',
                  'Each person gets an email with a link to join. Invitations expire after 24 hours.',
                )}
                <InviteTeamStep
                  orgId={orgId}
                  invitableRoles={invitableRoles}
                  secondaryAction={skipButton('invite_team')}
                  onDone={(invited) => {
                    setInvitedCount(invited.length)
                    goTo(nextActive(state.steps, index))
                  }}
                />
              </>
            )}
          </Stepper.Step>
        )
      })}
      <Stepper.Completed>
        <DoneStep headingRef={headingRef} orgId={orgId} organizationName={organization.name} state={state} invitedCount={invitedCount} />
      </Stepper.Completed>
    </Stepper>
  )
}
