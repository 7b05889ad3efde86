import { describe, expect, it } from 'vitest'
import { safeNextPath } from './next-path'

describe('safeNextPath', () => {
  it('keeps paths on this site, with their query and hash', () => {
    expect(safeNextPath('/organizations/abc/documents')).toBe('/organizations/abc/documents')
    expect(safeNextPath('/organizations/abc/documents?page=2#top')).toBe('/organizations/abc/documents?page=2#top')
    expect(safeNextPath('/')).toBe('/')
  })

  it('falls back to / when there is no next', () => {
    expect(safeNextPath(null)).toBe('/')
    expect(safeNextPath(undefined)).toBe('/')
    expect(safeNextPath('')).toBe('/')
  })

  it('refuses other sites and schemes', () => {
    expect(safeNextPath('https://evil.example/steal')).toBe('/')
    expect(safeNextPath('//evil.example/steal')).toBe('/')
    expect(safeNextPath('/\\evil.example')).toBe('/')
    expect(safeNextPath('javascript:alert(1)')).toBe('/')
    expect(safeNextPath('evil.example')).toBe('/')
    expect(safeNextPath('organizations/abc')).toBe('/')
  })

  it('refuses control characters and paths that normalise to //', () => {
    expect(safeNextPath('/\t/evil.example')).toBe('/')
    expect(safeNextPath('/\n/evil.example')).toBe('/')
    expect(safeNextPath('/.//evil.example')).toBe('/')
    expect(safeNextPath('/a/../..//evil.example')).toBe('/')
  })
})
