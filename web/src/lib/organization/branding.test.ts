import { describe, expect, it } from 'vitest'
import {
  brandingBody,
  brandingValuesFrom,
  colourProblem,
  contrastWarnings,
  logoRejectionMessage,
  normaliseHex,
  usableColour,
} from './branding'

describe('branding form', () => {
  it('normalises hex colours', () => {
    expect(normaliseHex('#1c5d99')).toBe('#1C5D99')
    expect(normaliseHex('1c5d99')).toBe('#1C5D99')
    expect(normaliseHex('#abc')).toBe('#AABBCC')
    expect(normaliseHex('  ')).toBe('')
    expect(normaliseHex('blue')).toBe('blue')
    expect(colourProblem('blue')).not.toBeNull()
    expect(colourProblem('')).toBeNull()
    expect(colourProblem('#1C5D99')).toBeNull()
  })

  it('maps values to the PATCH body, blank clearing a colour', () => {
    expect(brandingValuesFrom({ primary_colour: '#1C5D99', accent_colour: null })).toEqual({
      primary_colour: '#1C5D99',
      accent_colour: '',
    })
    expect(brandingBody({ primary_colour: '#1c5d99', accent_colour: '' })).toEqual({
      primary_colour: '#1C5D99',
      accent_colour: null,
    })
  })

  it('paints with a fallback until the colour is valid', () => {
    expect(usableColour('#12', '#000000')).toBe('#000000')
    expect(usableColour(null, '#000000')).toBe('#000000')
    expect(usableColour('#ffffff', '#000000')).toBe('#FFFFFF')
  })

  it('warns about low contrast while choosing', () => {
    expect(contrastWarnings({ primary_colour: '#1C5D99', accent_colour: '#0B7A75' })).toEqual([])
    // Mid grey: neither white nor black text reaches 4.5:1.
    const primary = contrastWarnings({ primary_colour: '#777777', accent_colour: '' })
    expect(primary.map((w) => w.field)).toEqual(['primary_colour'])
    const accent = contrastWarnings({ primary_colour: '', accent_colour: '#F2F2F2' })
    expect(accent.map((w) => w.field)).toEqual(['accent_colour'])
  })

  it('explains rejected logo files', () => {
    expect(logoRejectionMessage({ size: 10 }, ['file-invalid-type'])).toMatch(/PNG, JPEG or WebP/)
    expect(logoRejectionMessage({ size: 3 * 1024 * 1024 }, ['file-too-large'])).toMatch(/3\.0 MB/)
  })
})
