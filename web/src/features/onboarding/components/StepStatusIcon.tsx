import { ThemeIcon } from '@mantine/core'
import { IconCircleCheck, IconCircleDashed, IconPlayerSkipForward } from '@tabler/icons-react'
import type { StepStatus } from './steps'

/** A shape per status, so a skipped step never passes for a completed one by colour alone. */
const ICONS = { completed: IconCircleCheck, skipped: IconPlayerSkipForward, pending: IconCircleDashed }
const COLOURS = { completed: 'teal', skipped: 'gray', pending: 'orange' }

/** The status's icon alone, for the stepper, which draws the circle around it. */
export function StepStatusGlyph({ status, size = 16 }: { status: StepStatus; size?: number }) {
  const Icon = ICONS[status]
  return <Icon size={size} aria-hidden />
}

/** The status's icon in a tinted circle, for lists. */
export function StepStatusIcon({ status }: { status: StepStatus }) {
  return (
    <ThemeIcon color={COLOURS[status]} size={22} radius="xl" variant="light">
      <StepStatusGlyph status={status} />
    </ThemeIcon>
  )
}

/** The stepper's colour for a step: skipped steps stay grey wherever the wizard is. */
export function stepColour(status: StepStatus): string | undefined {
  return status === 'skipped' ? 'gray' : undefined
}
