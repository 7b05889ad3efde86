import { createContext, useContext, useMemo, useState, type ReactNode } from 'react'

export interface BrandColours {
  primary: string | null | undefined
  accent: string | null | undefined
}

interface BrandColoursValue {
  colours: BrandColours
  setColours: (colours: BrandColours) => void
}

const BrandColoursContext = createContext<BrandColoursValue | null>(null)

/**
 * The colours the app is shown in: the active organisation's (set by the signed-in layout, or by
 * an invitation page for the organisation it leads to), or Vigil's own when null.
 */
export function BrandColoursProvider({ children }: { children: ReactNode }) {
  const [colours, setColours] = useState<BrandColours>({ primary: null, accent: null })
  const value = useMemo(() => ({ colours, setColours }), [colours])
  return <BrandColoursContext.Provider value={value}>{children}</BrandColoursContext.Provider>
}

export function useBrandColours(): BrandColoursValue {
  const value = useContext(BrandColoursContext)
  if (!value) throw new Error('useBrandColours outside BrandColoursProvider')
  return value
}
