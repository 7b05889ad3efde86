import { TextInput } from '@mantine/core'
import { useState } from 'react'
import { isDateInputValue } from '@/lib/date-input'

interface Props {
  label: string
  value: string
  error?: string | null
  onChange: (value: string) => void
}

/** A date filter that applies only complete dates (typing "2026-0" does not refetch). */
export function DateFilter({ label, value, error, onChange }: Props) {
  const [draft, setDraft] = useState(value)
  const [synced, setSynced] = useState(value)
  // Cleared from outside ("Clear filters"): follow.
  if (value !== synced) {
    setSynced(value)
    setDraft(value)
  }
  const invalid = draft !== '' && !isDateInputValue(draft)
  return (
    <TextInput
      type="date"
      label={label}
      value={draft}
      error={invalid ? 'Enter a complete date.' : (error ?? undefined)}
      onChange={(event) => {
        const next = event.currentTarget.value
        setDraft(next)
        if (next === '' || isDateInputValue(next)) {
          setSynced(next)
          onChange(next)
        }
      }}
    />
  )
}
