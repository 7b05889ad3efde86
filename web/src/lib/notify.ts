import { notifications } from '@mantine/notifications'
import { errorMessage } from './api/problem'

// Mantine's notification has an unnamed close button and dimmed (3.3:1) description text;
// these keep both accessible (WCAG AA).
const accessible = {
  closeButtonProps: { 'aria-label': 'Close notification' },
  styles: { description: { color: 'var(--mantine-color-gray-8)' } },
} as const

/** A success toast: what happened, in words. */
export function notifySuccess(title: string, message: string): void {
  notifications.show({ color: 'teal', title, message, ...accessible })
}

/** A failed row action: the title says what did not happen, the message why. */
export function notifyFailure(title: string, error: unknown): void {
  notifications.show({ color: 'red', title, message: errorMessage(error), ...accessible })
}
