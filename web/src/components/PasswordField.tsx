import { Box, PasswordInput, Progress, Text, type PasswordInputProps } from '@mantine/core'
import { useEffect, useState } from 'react'
import { judgePassword, loadEstimator, type PasswordVerdict } from '@/lib/password'

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong']
const COLOURS = ['red', 'red', 'orange', 'teal', 'green']

interface Props extends Omit<PasswordInputProps, 'onChange' | 'value'> {
  value: string
  onChange: (value: string) => void
  /** Names, email, organisation: words the password must not be built from. */
  context: string[]
  onVerdict?: (verdict: PasswordVerdict) => void
}

/** A new-password input with a live strength meter using the server's rules. */
export function PasswordField({ value, onChange, context, onVerdict, onFocus, ...rest }: Props) {
  const [estimate, setEstimate] = useState<Awaited<ReturnType<typeof loadEstimator>> | null>(null)
  // The dictionaries (~750 KB) load once the person reaches this field (or a password manager
  // fills it), not with the page: the form shows without them.
  const [reached, setReached] = useState(false)
  const wanted = reached || value !== ''
  useEffect(() => {
    if (!wanted) return
    let live = true
    void loadEstimator().then((e) => {
      if (live) setEstimate(() => e)
    })
    return () => {
      live = false
    }
  }, [wanted])
  const verdict = value ? judgePassword(value, context, estimate) : null
  useEffect(() => {
    if (verdict) onVerdict?.(verdict)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [verdict?.ok, verdict?.problem])
  const score = verdict?.score ?? 0
  // Once the form shows an error on the field, the meter keeps its bar but not the same words.
  const repeated = Boolean(rest.error) && verdict !== null && !verdict.ok
  return (
    <Box>
      <PasswordInput
        autoComplete="new-password"
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        onFocus={(event) => {
          setReached(true)
          onFocus?.(event)
        }}
        {...rest}
      />
      {verdict && (
        <Box mt={6} aria-live="polite">
          <Progress
            value={verdict.ok ? Math.max(75, (score + 1) * 20) : Math.min(50, (score + 1) * 20)}
            color={verdict.ok ? (COLOURS[score] ?? 'green') : 'red'}
            size="sm"
            aria-label="Password strength"
          />
          {!repeated && (
            <Text size="xs" mt={4} c={verdict.ok ? 'teal.9' : 'red.9'}>
              {verdict.ok ? `${LABELS[score] ?? 'Strong'} password` : verdict.problem}
            </Text>
          )}
        </Box>
      )}
    </Box>
  )
}
