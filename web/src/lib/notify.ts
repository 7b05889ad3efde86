import { notifications, type NotificationData } from '@mantine/notifications'
import { errorMessage } from './api/problem'

// The theme names the close button and darkens dimmed text; these are the app's toasts.

/** Any toast. */
export function notify(data: NotificationData): string {
  return notifications.show(data)
}

/** A success toast: what happened, in words. */
export function notifySuccess(title: string, message: string): void {
  notify({ color: 'teal', title, message })
}

/** A failed row action: the title says what did not happen, the message why. */
export function notifyFailure(title: string, error: unknown): void {
  notify({ color: 'red', title, message: errorMessage(error) })
}
