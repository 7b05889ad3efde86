import { Avatar, ColorPicker, createTheme, defaultVariantColorsResolver, Notification, type VariantColorsResolver, type CSSVariablesResolver, type MantineColorsTuple, type MantineThemeOverride } from '@mantine/core'
import { isHexColour, textOn } from '@/lib/contrast'

export const DEFAULT_PRIMARY = '#1f5f8b'

function mix(hex: string, target: number, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16)
  const channel = (shift: number) => Math.round(((n >> shift) & 255) * (1 - amount) + target * amount)
  return `#${[16, 8, 0].map((s) => channel(s).toString(16).padStart(2, '0')).join('')}`
}

/** Ten shades around the brand colour (shade 6 is the colour itself), so light variants work. */
export function shadesOf(hex: string): MantineColorsTuple {
  const lighter = [0.92, 0.84, 0.7, 0.55, 0.38, 0.2].map((a) => mix(hex, 255, a))
  const darker = [0.15, 0.3, 0.45].map((a) => mix(hex, 0, a))
  return [...lighter, hex, ...darker] as unknown as MantineColorsTuple
}

/** Mantine's default dimmed grey and error red are below WCAG AA on white; use darker shades. */
export const cssVariablesResolver: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': theme.colors.gray[7] ?? '#495057',
    '--mantine-color-error': theme.colors.red[9] ?? '#c92a2a',
  },
  dark: {},
})

/**
 * Light variants (badges, active links) put shade-6 text on a pale tint of the same colour,
 * which fails WCAG AA for most palettes: keep the tint, use the body text colour.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colours = defaultVariantColorsResolver(input)
  return input.variant === 'light' ? { ...colours, color: 'var(--mantine-color-text)' } : colours
}

/** The app's theme, following the active organisation's brand colours when it has them. */
export function themeFor(primary: string | null | undefined, accent: string | null | undefined): MantineThemeOverride {
  const brand = primary && isHexColour(primary) ? primary : DEFAULT_PRIMARY
  const second = accent && isHexColour(accent) ? accent : brand
  return createTheme({
    primaryColor: 'brand',
    primaryShade: 6,
    // Mantine's red (#fa5252) is 3.3:1 on white; danger buttons and errors need AA.
    colors: { brand: shadesOf(brand), accent: shadesOf(second), red: shadesOf('#c92a2a') },
    // Text on filled buttons follows the colour's contrast.
    autoContrast: true,
    variantColorResolver,
    luminanceThreshold: 0.35,
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    defaultRadius: 'md',
    other: { brandText: textOn(brand) },
    components: {
      Notification: Notification.extend({
        defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
        // The description's default grey is 3.3:1 on white.
        styles: { description: { color: 'var(--mantine-color-gray-7)' } },
      }),
      Avatar: Avatar.extend({ defaultProps: { color: 'dark', variant: 'filled' } }),
      // Colour inputs' pickers: their sliders need names for screen readers.
      ColorPicker: ColorPicker.extend({
        defaultProps: { saturationLabel: 'Saturation and brightness', hueLabel: 'Hue', alphaLabel: 'Opacity' },
      }),
    },
  })
}
