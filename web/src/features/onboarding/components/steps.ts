import type { Schemas } from '@/lib/api/client'

export type OnboardingStep = Schemas['OnboardingStep']
export type StepStatus = Schemas['StepStatus']
type StepState = Schemas['OnboardingStepState']

export interface StepInfo {
  step: OnboardingStep
  label: string
  /** Steps 3–5 are done (or skipped) in the wizard; 1–2 happened at signup. */
  editable: boolean
}

export const STEPS: readonly StepInfo[] = [
  { step: 'account', label: 'Account', editable: false },
  { step: 'verify_email', label: 'Verify email', editable: false },
  { step: 'organization_details', label: 'Organisation details', editable: true },
  { step: 'branding', label: 'Branding', editable: true },
  { step: 'invite_team', label: 'Invite your team', editable: true },
]

/** The Stepper index of the "Done" state (one past the last step). */
export const DONE_INDEX = STEPS.length

export function stepIndex(step: OnboardingStep): number {
  return STEPS.findIndex((s) => s.step === step)
}

/** Where the wizard opens: the first pending step, or Done. Steps 1–2 are never reopened. */
export function initialActive(state: { completed: boolean; current_step?: OnboardingStep | null }): number {
  if (state.completed || !state.current_step) return DONE_INDEX
  const index = stepIndex(state.current_step)
  return index < 2 ? 2 : index
}

/** The step's status from the server; steps 1–2 are complete for anyone who sees the wizard. */
export function statusOf(steps: readonly StepState[], step: OnboardingStep): StepStatus {
  if (step === 'account' || step === 'verify_email') return 'completed'
  return steps.find((s) => s.step === step)?.status ?? 'pending'
}

/** After finishing the step at `index`: the next step still pending, else Done. */
export function nextActive(steps: readonly StepState[], index: number): number {
  for (let i = index + 1; i < STEPS.length; i += 1) {
    const info = STEPS[i]
    if (info && info.editable && statusOf(steps, info.step) === 'pending') return i
  }
  return DONE_INDEX
}

export function statusLabel(status: StepStatus): string {
  switch (status) {
    case 'completed':
      return 'Completed'
    case 'skipped':
      return 'Skipped'
    default:
      return 'To do'
  }
}
