import { describe, expect, it } from 'vitest'
import { ApiError, type Problem } from '@/lib/api/problem'
import { RateLimitedError } from '../api/request'
import { authErrorMessage, describeWait, isCaptchaError, retryAfterSeconds, tokenProblem } from './auth-errors'

function problem(status: number, code: string, detail?: string, errors?: Record<string, string[]>): Problem {
  return { type: `urn:vigil:problem:${code}`, title: code, status, code, detail, errors } as Problem
}

describe('describeWait', () => {
  it('rounds up to seconds, minutes or hours', () => {
    expect(describeWait(1)).toBe('1 second')
    expect(describeWait(45)).toBe('45 seconds')
    expect(describeWait(60)).toBe('1 minute')
    expect(describeWait(61)).toBe('2 minutes')
    expect(describeWait(900)).toBe('15 minutes')
    expect(describeWait(3600)).toBe('1 hour')
    expect(describeWait(5000)).toBe('2 hours')
    expect(describeWait(0)).toBe('1 second')
  })
})

describe('retryAfterSeconds', () => {
  it('prefers the Retry-After header', () => {
    expect(retryAfterSeconds(new RateLimitedError(problem(429, 'too-many-requests'), 120))).toBe(120)
  })
  it('falls back to the number in the detail', () => {
    const error = new ApiError(429, problem(429, 'too-many-requests', 'Too many attempts. Please wait 37 seconds and try again.'))
    expect(retryAfterSeconds(error)).toBe(37)
  })
  it('is null for other errors', () => {
    expect(retryAfterSeconds(new ApiError(401, problem(401, 'invalid-credentials')))).toBeNull()
    expect(retryAfterSeconds(new Error('x'))).toBeNull()
  })
})

describe('authErrorMessage', () => {
  it('says when to retry after a rate limit', () => {
    expect(authErrorMessage(new RateLimitedError(problem(429, 'too-many-requests'), 300))).toBe(
      'Too many attempts. Try again in 5 minutes.',
    )
    expect(authErrorMessage(new RateLimitedError(null, null))).toBe('Too many attempts. Wait a few minutes, then try again.')
  })

  it('explains the sign-in problems', () => {
    expect(authErrorMessage(new ApiError(401, problem(401, 'invalid-credentials')))).toMatch(/email or password is incorrect/)
    expect(authErrorMessage(new ApiError(403, problem(403, 'email-not-verified')))).toMatch(/not verified/)
    expect(authErrorMessage(new ApiError(403, problem(403, 'account-disabled')))).toMatch(/disabled/)
    expect(authErrorMessage(new ApiError(401, problem(401, 'mfa-code-invalid')))).toMatch(/code is not valid/)
    expect(authErrorMessage(new ApiError(401, problem(401, 'mfa-challenge-invalid')))).toMatch(/Sign in again/)
  })

  it("uses the server's sentence for other codes", () => {
    const error = new ApiError(410, problem(410, 'reset-token-expired', 'This password reset link has expired.'))
    expect(authErrorMessage(error)).toBe('This password reset link has expired.')
  })

  it('covers network failures', () => {
    expect(authErrorMessage(new ApiError(0, null))).toMatch(/could not be reached/)
  })
})

describe('tokenProblem', () => {
  it('reads expired, used and invalid from any link code', () => {
    expect(tokenProblem(new ApiError(410, problem(410, 'verification-token-expired')))).toBe('expired')
    expect(tokenProblem(new ApiError(410, problem(410, 'reset-token-used')))).toBe('used')
    expect(tokenProblem(new ApiError(400, problem(400, 'unlock-token-invalid')))).toBe('invalid')
    expect(tokenProblem(new ApiError(410, problem(410, 'security-token-expired')))).toBe('expired')
    expect(tokenProblem(new ApiError(410, problem(410, 'email-change-token-used')))).toBe('used')
  })
  it('is null for other errors', () => {
    expect(tokenProblem(new ApiError(409, problem(409, 'email-taken')))).toBeNull()
    expect(tokenProblem(new ApiError(0, null))).toBeNull()
    expect(tokenProblem(null)).toBeNull()
  })
})

describe('isCaptchaError', () => {
  it('recognises CAPTCHA codes and captcha field errors', () => {
    expect(isCaptchaError(new ApiError(422, problem(422, 'captcha-replayed')))).toBe(true)
    expect(
      isCaptchaError(new ApiError(422, problem(422, 'validation-failed', undefined, { captcha: ['Complete it'] }))),
    ).toBe(true)
    expect(
      isCaptchaError(new ApiError(422, problem(422, 'validation-failed', undefined, { email: ['Invalid'] }))),
    ).toBe(false)
    expect(isCaptchaError(new Error('x'))).toBe(false)
  })
})
