import { Anchor, Button, Group, List, Stack, Text, Title } from '@mantine/core'
import type { Ref } from 'react'
import { Link, useNavigate } from 'react-router'
import type { OnboardingState } from '../api/get-onboarding'
import { STEPS, statusLabel, statusOf } from './steps'
import { StepStatusIcon } from './StepStatusIcon'

/** The summary once every step is completed or skipped. */
export function DoneStep({
  headingRef,
  orgId,
  organizationName,
  state,
  invitedCount,
}: {
  headingRef?: Ref<HTMLHeadingElement>
  orgId: string
  organizationName: string
  state: OnboardingState | undefined
  invitedCount: number
}) {
  const navigate = useNavigate()
  const steps = state?.steps ?? []
  const anySkipped = STEPS.some((s) => s.editable && statusOf(steps, s.step) !== 'completed')
  return (
    <Stack gap="md" maw={640}>
      <Title order={2} size="h3" ref={headingRef} tabIndex={-1} style={{ outline: 'none' }}>
        Done: {organizationName} is ready
      </Title>
      <List spacing="xs" listStyleType="none" aria-label="Onboarding summary">
        {STEPS.map((info) => {
          const status = statusOf(steps, info.step)
          return (
            <List.Item key={info.step} icon={<StepStatusIcon status={status} />}>
              <Text span fw={500}>
                {info.label}
              </Text>
              <Text span c="gray.7">
                {' '}
                — {statusLabel(status)}
                {info.step === 'invite_team' && invitedCount > 0
                  ? ` (${invitedCount} ${invitedCount === 1 ? 'invitation' : 'invitations'} sent)`
                  : ''}
              </Text>
            </List.Item>
          )
        })}
      </List>
      {anySkipped && (
        <Text size="sm">
          You can finish skipped steps at any time: the profile and branding are in{' '}
          <Anchor component={Link} c="inherit" underline="always" to={`/organizations/${orgId}/settings`}>
            Settings
          </Anchor>
          , invitations in{' '}
          <Anchor component={Link} c="inherit" underline="always" to={`/organizations/${orgId}/members`}>
            Members
          </Anchor>
          .
        </Text>
      )}
      <Group>
        <Button onClick={() => void navigate(`/organizations/${orgId}/dashboard`)}>Go to dashboard</Button>
      </Group>
    </Stack>
  )
}
