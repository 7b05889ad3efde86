import { useMemo, type ReactNode } from 'react'
import type { MantineThemeOverride } from '@mantine/core'
import { BrandColoursProvider, useBrandColours, type BrandColours } from '@/lib/brand-colours'
import { themeFor } from './theme'

/** Holds the active organisation's colours; the app shell sets them as organisations change. */
export function BrandingProvider({ children }: { children: ReactNode }) {
  return <BrandColoursProvider>{children}</BrandColoursProvider>
}

/** The Mantine theme for the active colours, and the way to change them. */
export function useBranding(): { theme: MantineThemeOverride; setColours: (colours: BrandColours) => void } {
  const { colours, setColours } = useBrandColours()
  const theme = useMemo(() => themeFor(colours.primary, colours.accent), [colours.primary, colours.accent])
  return { theme, setColours }
}
