import { fieldErrors } from './api/problem'

/**
 * Puts the server's field errors on the form's fields. `rename` maps server paths to form
 * paths where they differ. Returns whether any field error was shown.
 */
export function applyFieldErrors(
  form: { setFieldError: (path: string, error: string) => void },
  error: unknown,
  rename: Record<string, string> = {},
): boolean {
  const errors = fieldErrors(error)
  for (const [field, message] of Object.entries(errors)) {
    form.setFieldError(rename[field] ?? field, message)
  }
  return Object.keys(errors).length > 0
}
