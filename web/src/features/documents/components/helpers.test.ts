import { ApiError, type ProblemCode } from '@/lib/api/problem'
import { UploadAbortedError } from '../api/upload-document'
import { complianceStatus, formatScore, scoreColour } from '@/lib/compliance/status'
import {
  dateRangeProblem,
  hasActiveFilters,
  pageCount,
  readFilters,
  startOfDay,
  toListParams,
  writeFilters,
} from './filters'
import { kindLabel, uploaderName } from './kinds'
import { isRetryable, parseSizeLimit, uploadErrorMessage } from './upload-errors'

function problem(status: number, code: ProblemCode, detail: string) {
  return new ApiError(status, { type: `urn:vigil:problem:${code}`, title: 'T', status, code, detail })
}

describe('filters', () => {
  it('reads valid filters from the URL and ignores junk', () => {
    expect(readFilters(new URLSearchParams('q=policy&kind=pdf&from=2026-01-02&to=2026-02-03&sort=name&page=3'))).toEqual({
      q: 'policy',
      kind: 'pdf',
      from: '2026-01-02',
      to: '2026-02-03',
      sort: 'name',
      page: 3,
    })
    expect(readFilters(new URLSearchParams('kind=exe&from=yesterday&sort=evil&page=-2'))).toEqual({
      q: '',
      kind: null,
      from: '',
      to: '',
      sort: '-created_at',
      page: 1,
    })
  })

  it('writes only what differs from the defaults', () => {
    expect(writeFilters({ q: '', kind: null, from: '', to: '', sort: '-created_at', page: 1 }).toString()).toBe('')
    expect(writeFilters({ q: 'a b', kind: 'csv', from: '', to: '', sort: 'size', page: 2 }).toString()).toBe(
      'q=a+b&kind=csv&sort=size&page=2',
    )
  })

  it('turns filters into API parameters covering whole days', () => {
    const params = toListParams({ q: ' plan ', kind: 'docx', from: '2026-03-01', to: '2026-03-31', sort: 'name', page: 2 }, 25)
    expect(params).toEqual({
      q: 'plan',
      kind: 'docx',
      from: new Date(2026, 2, 1).toISOString(),
      to: new Date(2026, 3, 1).toISOString(),
      sort: 'name',
      limit: 25,
      offset: 25,
    })
    expect(toListParams({ q: '', kind: null, from: '', to: '', sort: '-created_at', page: 1 })).toEqual({
      sort: '-created_at',
      limit: 25,
      offset: 0,
    })
  })

  it('handles month ends when adding a day', () => {
    expect(startOfDay('2026-12-31', 1)).toBe(new Date(2027, 0, 1).toISOString())
  })

  it('spots reversed ranges, active filters and page counts', () => {
    expect(dateRangeProblem('2026-02-01', '2026-01-01')).toMatch(/before/)
    expect(dateRangeProblem('2026-01-01', '2026-01-01')).toBeNull()
    expect(dateRangeProblem('', '2026-01-01')).toBeNull()
    expect(hasActiveFilters({ q: ' ', kind: null, from: '', to: '', sort: 'name', page: 4 })).toBe(false)
    expect(hasActiveFilters({ q: '', kind: 'png', from: '', to: '', sort: 'name', page: 1 })).toBe(true)
    expect(pageCount(0)).toBe(1)
    expect(pageCount(25)).toBe(1)
    expect(pageCount(26)).toBe(2)
  })
})

describe('upload errors', () => {
  it('reads the size limit of a 413 problem', () => {
    expect(parseSizeLimit('The request body is too large: the limit is 50 MB.')).toBe(50 * 1024 * 1024)
    expect(parseSizeLimit('The request body is too large: the limit is 1000 bytes.')).toBe(1000)
    expect(parseSizeLimit('The request body is too large.')).toBeNull()
    expect(parseSizeLimit(null)).toBeNull()
  })

  it('explains each refusal', () => {
    expect(uploadErrorMessage(problem(413, 'payload-too-large', 'The request body is too large: the limit is 50 MB.'))).toBe(
      'This file is too large: the limit is 50 MB.',
    )
    expect(uploadErrorMessage(problem(413, 'payload-too-large', 'The request body is too large.'))).toBe(
      'This file is larger than Vigil accepts.',
    )
    expect(uploadErrorMessage(problem(422, 'malware-detected', 'The malware scanner found a threat in this file.'))).toBe(
      'The malware scanner found a threat in this file.',
    )
    expect(uploadErrorMessage(problem(503, 'scanner-unavailable', 'Uploads cannot be checked for malware right now.'))).toBe(
      'Uploads cannot be checked for malware right now.',
    )
    expect(uploadErrorMessage(new ApiError(0, null))).toMatch(/connection was lost/)
    expect(uploadErrorMessage(new UploadAbortedError())).toBe('Upload cancelled.')
  })

  it('knows which failures are worth retrying', () => {
    expect(isRetryable(problem(503, 'scanner-unavailable', 'x'))).toBe(true)
    expect(isRetryable(new ApiError(0, null))).toBe(true)
    expect(isRetryable(problem(422, 'malware-detected', 'x'))).toBe(false)
  })
})

describe('kinds and uploaders', () => {
  it('labels kinds', () => {
    expect(kindLabel('docx')).toBe('Word')
    expect(kindLabel('odt')).toBe('ODT')
  })

  it('names the uploader', () => {
    const names = new Map([['u2', 'Ana Lee']])
    expect(uploaderName({ uploaded_by_user: 'u1' }, names, 'u1')).toBe('You')
    expect(uploaderName({ uploaded_by_user: 'u2' }, names, 'u1')).toBe('Ana Lee')
    expect(uploaderName({ uploaded_by_user: 'u3' }, names, 'u1')).toBe('Unknown member')
    expect(uploaderName({ uploaded_by_user: 'u3' }, undefined, 'u1')).toBe('…')
    expect(uploaderName({ uploaded_by_client: 'c1' }, names, 'u1')).toBe('API client')
    expect(uploaderName({}, names, 'u1')).toBe('Unknown')
  })
})

describe('compliance display', () => {
  it('labels statuses and scores', () => {
    expect(complianceStatus('partially_compliant')).toEqual({ label: 'Partially compliant', colour: 'yellow' })
    expect(complianceStatus('weird').label).toBe('weird')
    expect(formatScore(82)).toBe('82 / 100')
    expect(formatScore(82.46)).toBe('82.5 / 100')
    expect(formatScore(null)).toBe('No score')
    expect(scoreColour(90)).toBe('green')
    expect(scoreColour(60)).toBe('yellow')
    expect(scoreColour(10)).toBe('red')
  })
})
