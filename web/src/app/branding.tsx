import { createContext, useContext, useMemo, useState, type ReactNode } from 'react'
import type { MantineThemeOverride } from '@mantine/core'
import { themeFor } from './theme'

interface Colours {
  primary: string | null | undefined
  accent: string | null | undefined
}

interface BrandingContextValue {
  theme: MantineThemeOverride
  setColours: (colours: Colours) => void
}

const BrandingContext = createContext<BrandingContextValue | null>(null)

/** Holds the active organisation's colours; the app shell sets them as organisations change. */
export function BrandingProvider({ children }: { children: ReactNode }) {
  const [colours, setColours] = useState<Colours>({ primary: null, accent: null })
  const theme = useMemo(() => themeFor(colours.primary, colours.accent), [colours.primary, colours.accent])
  const value = useMemo(() => ({ theme, setColours }), [theme])
  return <BrandingContext.Provider value={value}>{children}</BrandingContext.Provider>
}

export function useBranding(): BrandingContextValue {
  const value = useContext(BrandingContext)
  if (!value) throw new Error('useBranding outside BrandingProvider')
  return value
}
