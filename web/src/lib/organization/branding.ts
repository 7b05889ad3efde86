import type { Schemas } from '@/lib/api/client'
import { contrastRatio, isHexColour, meetsAa, textOn } from '@/lib/contrast'
import { formatBytes } from '@/lib/format'

export type UpdateBrandingBody = Schemas['UpdateBrandingRequest']
export type BrandingWarning = Schemas['BrandingWarning']

/** The app's own colour, used in previews until the organisation picks one. */
export const FALLBACK_PRIMARY = '#1f5f8b'

export const LOGO_MAX_BYTES = 2 * 1024 * 1024
export const LOGO_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp']

export interface BrandingValues {
  primary_colour: string
  accent_colour: string
}

/** `#abc`, `abc123`, ` #ABC123 ` → `#AABBCC`-style upper-case hex; anything else unchanged. */
export function normaliseHex(value: string): string {
  let hex = value.trim()
  if (hex === '') return ''
  if (!hex.startsWith('#')) hex = `#${hex}`
  if (/^#[0-9a-fA-F]{3}$/.test(hex)) {
    hex = `#${hex
      .slice(1)
      .split('')
      .map((c) => c + c)
      .join('')}`
  }
  return isHexColour(hex) ? hex.toUpperCase() : value.trim()
}

export function colourProblem(value: string): string | null {
  if (value.trim() === '') return null
  return isHexColour(normaliseHex(value)) ? null : 'Use a colour like #1C5D99 (a # and six hex digits).'
}

export function brandingValuesFrom(org: {
  primary_colour?: string | null
  accent_colour?: string | null
}): BrandingValues {
  return { primary_colour: org.primary_colour ?? '', accent_colour: org.accent_colour ?? '' }
}

/** The PATCH body: blank clears a colour. */
export function brandingBody(values: BrandingValues): UpdateBrandingBody {
  const primary = normaliseHex(values.primary_colour)
  const accent = normaliseHex(values.accent_colour)
  return { primary_colour: primary === '' ? null : primary, accent_colour: accent === '' ? null : accent }
}

/** The colour to paint with: the value if it is a valid hex colour, else the fallback. */
export function usableColour(value: string | null | undefined, fallback: string): string {
  const hex = value ? normaliseHex(value) : ''
  return isHexColour(hex) ? hex : fallback
}

export interface ContrastWarning {
  field: 'primary_colour' | 'accent_colour'
  message: string
}

/** Live warnings while choosing colours (the server repeats its own after saving). */
export function contrastWarnings(values: BrandingValues): ContrastWarning[] {
  const out: ContrastWarning[] = []
  const primary = normaliseHex(values.primary_colour)
  if (isHexColour(primary) && !meetsAa(primary)) {
    const ratio = contrastRatio(primary, textOn(primary))
    out.push({
      field: 'primary_colour',
      message: `Text on ${primary} reaches only ${ratio.toFixed(1)}:1 contrast; WCAG AA needs 4.5:1. Choose a darker or lighter primary colour so the header stays readable.`,
    })
  }
  const accent = normaliseHex(values.accent_colour)
  if (isHexColour(accent)) {
    const ratio = contrastRatio(accent, '#ffffff')
    if (ratio < 3) {
      out.push({
        field: 'accent_colour',
        message: `${accent} on white reaches only ${ratio.toFixed(1)}:1 contrast; WCAG AA needs 3:1 for buttons and links. Choose a darker accent colour.`,
      })
    }
  }
  return out
}

/** Why a chosen file cannot be the logo, from react-dropzone's rejection codes. */
export function logoRejectionMessage(file: { size: number }, codes: string[]): string {
  if (codes.includes('file-invalid-type')) return 'The logo must be a PNG, JPEG or WebP image.'
  if (codes.includes('file-too-large')) {
    return `The logo must be at most 2 MB; this file is ${formatBytes(file.size)}.`
  }
  if (codes.includes('too-many-files')) return 'Choose one image.'
  return 'This file cannot be used as the logo. Choose a PNG, JPEG or WebP image up to 2 MB.'
}
