import { Box } from '@mantine/core'
import type { CSSProperties, ReactNode } from 'react'

/**
 * Mantine's default "dimmed" grey (#868e96) and error red (#fa5252) reach only 3.3:1 on white;
 * inside this wrapper, dimmed text (descriptions, step states, hints) uses gray.7 (8.2:1) and
 * field errors red.9 (5.5:1), to meet WCAG AA.
 */
export const READABLE_DIMMED = {
  '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
  '--mantine-color-error': 'var(--mantine-color-red-9)',
} as CSSProperties

/** Alert titles in light yellow/orange fall below 4.5:1; use the body text colour instead. */
export const READABLE_ALERT = { title: { color: 'var(--mantine-color-text)' } }

export function ReadableDimmed({ children }: { children: ReactNode }) {
  return <Box style={READABLE_DIMMED}>{children}</Box>
}
