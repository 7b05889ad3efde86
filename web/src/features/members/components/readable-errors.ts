import type { CSSProperties } from 'react'

/**
 * Mantine's default error red (red.6) is 3.3:1 on white, below WCAG AA; inside this style
 * field errors and invalid inputs use red.9 (5.5:1).
 */
export const readableErrors = { '--mantine-color-error': 'var(--mantine-color-red-9)' } as CSSProperties
