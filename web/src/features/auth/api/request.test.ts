import { describe, expect, it } from 'vitest'
import { ApiError } from '@/lib/api/problem'
import { parseRetryAfter, RateLimitedError, send } from './request'

function response(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers })
}

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120)
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:05:00 GMT', now)).toBe(300)
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0)
  })
  it('is null when absent or unreadable', () => {
    expect(parseRetryAfter(null)).toBeNull()
    expect(parseRetryAfter('soon')).toBeNull()
  })
})

describe('send', () => {
  it('returns the data and the status', async () => {
    await expect(send(Promise.resolve({ data: { a: 1 }, response: response(202) }))).resolves.toEqual({
      data: { a: 1 },
      status: 202,
    })
  })
  it('turns 429 into RateLimitedError with Retry-After', async () => {
    const error = await send(
      Promise.resolve({
        error: { type: 'x', title: 'Too many', status: 429, code: 'too-many-requests' },
        response: response(429, { 'Retry-After': '42' }),
      }),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RateLimitedError)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as RateLimitedError).retryAfterSeconds).toBe(42)
    expect((error as RateLimitedError).code).toBe('too-many-requests')
  })
  it('turns other failures into ApiError, and network failures into status 0', async () => {
    const error = await send(
      Promise.resolve({ error: { type: 'x', title: 'No', status: 401, code: 'invalid-credentials' }, response: response(401) }),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('invalid-credentials')
    const network = await send(Promise.reject(new TypeError('fetch failed'))).catch((e: unknown) => e)
    expect((network as ApiError).status).toBe(0)
  })
})
