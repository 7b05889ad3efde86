import { describe, expect, it } from 'vitest'
import { readFilters, toListParams, writeFilters } from './filters'

describe('results filters', () => {
  it('round-trips through the URL and leaves out defaults', () => {
    const filters = readFilters(new URLSearchParams('standard=NSQHS-3&status=non_compliant&review=overdue&sort=review_due_on&page=2'))
    expect(filters).toEqual({ standard: 'NSQHS-3', status: 'non_compliant', review: 'overdue', sort: 'review_due_on', page: 2 })
    expect(writeFilters(filters).toString()).toBe('standard=NSQHS-3&status=non_compliant&review=overdue&sort=review_due_on&page=2')
    expect(writeFilters(readFilters(new URLSearchParams(''))).toString()).toBe('')
  })

  it('falls back to defaults for anything invalid', () => {
    expect(readFilters(new URLSearchParams('standard=nsqhs 3&status=great&review=soon&sort=name&page=-4'))).toEqual({
      standard: null,
      status: null,
      review: 'all',
      sort: '-created_at',
      page: 1,
    })
  })

  it('asks the API for overdue or current results and the right page', () => {
    expect(toListParams(readFilters(new URLSearchParams('review=overdue&page=3')))).toEqual({
      sort: '-created_at',
      overdue: true,
      limit: 20,
      offset: 40,
    })
    expect(toListParams(readFilters(new URLSearchParams('review=current'))).overdue).toBe(false)
    expect(toListParams(readFilters(new URLSearchParams(''))).overdue).toBeUndefined()
  })
})
