import { describe, expect, it } from 'vitest'
import { ApiError, errorMessage, isApiError, type ProblemCode } from './problem'

function problem(status: number, code: ProblemCode, detail?: string) {
  return new ApiError(status, { type: `urn:vigil:problem:${code}`, title: 'T', status, code, detail })
}

describe('errorMessage', () => {
  it('explains an ended session with the code the server sends', () => {
    expect(errorMessage(problem(401, 'not-authenticated', 'Sign in to continue.'))).toBe(
      'Your session has ended. Sign in again to continue.',
    )
  })

  it('falls back to the detail, then to the status', () => {
    expect(errorMessage(problem(409, 'last-owner', 'Make someone else an owner first.'))).toBe(
      'Make someone else an owner first.',
    )
    expect(errorMessage(new ApiError(0, null))).toMatch(/could not be reached/)
    expect(errorMessage(new ApiError(503, null))).toMatch(/temporarily unavailable/)
  })
})

describe('isApiError', () => {
  it('matches on a code from the generated union', () => {
    const error = problem(403, 'owners-only')
    expect(isApiError(error, 'owners-only')).toBe(true)
    expect(isApiError(error, 'permission-denied')).toBe(false)
    // @ts-expect-error a code the server never sends does not type-check
    expect(isApiError(error, 'unauthenticated')).toBe(false)
  })
})
