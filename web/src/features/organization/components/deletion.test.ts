import { afterEach, describe, expect, it } from 'vitest'
import { canConfirmDeletion, clearDeletionNotice, parseDeletionNotice, readDeletionNotice, saveDeletionNotice } from './deletion'

describe('deleting an organisation', () => {
  afterEach(() => window.sessionStorage.clear())

  it('needs the exact name', () => {
    expect(canConfirmDeletion('Harbour View Allied Health', 'Harbour View Allied Health')).toBe(true)
    expect(canConfirmDeletion(' Harbour View Allied Health ', 'Harbour View Allied Health')).toBe(true)
    expect(canConfirmDeletion('harbour view allied health', 'Harbour View Allied Health')).toBe(false)
    expect(canConfirmDeletion('Harbour View', 'Harbour View Allied Health')).toBe(false)
    expect(canConfirmDeletion('', '')).toBe(false)
  })

  it('remembers the purge date for the restore page', () => {
    const notice = { name: 'Clinic', purgeAfter: '2026-12-24T00:00:00Z' }
    saveDeletionNotice('org-1', notice)
    expect(readDeletionNotice('org-1')).toEqual(notice)
    expect(readDeletionNotice('org-2')).toBeNull()
    clearDeletionNotice('org-1')
    expect(readDeletionNotice('org-1')).toBeNull()
  })

  it('ignores malformed notices', () => {
    expect(parseDeletionNotice(null)).toBeNull()
    expect(parseDeletionNotice({ name: 'x' })).toBeNull()
    expect(parseDeletionNotice({ name: 'x', purgeAfter: 'not a date' })).toBeNull()
  })
})
