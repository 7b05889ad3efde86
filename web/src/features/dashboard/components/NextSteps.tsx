import { Button, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck, IconInfoCircle, IconPointFilled } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { Dashboard } from '../api/get-dashboard'
import { nextSteps } from './summary'

const ICONS = { red: IconAlertTriangle, orange: IconPointFilled, blue: IconInfoCircle }

/** "What to do next": each item says what is wrong and links to where it is fixed. */
export function NextSteps({ orgId, dashboard }: { orgId: string; dashboard: Dashboard }) {
  const steps = nextSteps(dashboard)
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="next-steps-heading">
      <Title order={2} size="h4" id="next-steps-heading" mb="sm">
        What to do next
      </Title>
      {steps.length === 0 ? (
        <Group gap="xs">
          <ThemeIcon color="teal" variant="light" radius="xl">
            <IconCircleCheck size={18} aria-hidden />
          </ThemeIcon>
          <Text size="sm">Nothing needs your attention: no overdue reviews, failed results or loose ends.</Text>
        </Group>
      ) : (
        <Stack component="ul" gap="xs" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {steps.map((step) => {
            const Icon = ICONS[step.tone]
            return (
              <Group component="li" key={step.id} justify="space-between" gap="sm" wrap="wrap" data-step={step.id}>
                <Group gap="xs" wrap="nowrap" style={{ flex: '1 1 260px' }}>
                  <ThemeIcon color={step.tone} variant="light" radius="xl" size="md" style={{ flexShrink: 0 }}>
                    <Icon size={16} aria-hidden />
                  </ThemeIcon>
                  <Text size="sm">{step.text}</Text>
                </Group>
                <Button component={Link} to={`/organizations/${orgId}/${step.to}`} size="xs" variant="light">
                  {step.action}
                </Button>
              </Group>
            )
          })}
        </Stack>
      )}
    </Paper>
  )
}
