import type { Problem } from '@/lib/api/problem'
import { ApiError, apiErrorFrom } from '@/lib/api/problem'

/** A 429 answer, with how long the server asked us to wait (Retry-After), when it said. */
export class RateLimitedError extends ApiError {
  readonly retryAfterSeconds: number | null

  constructor(problem: Problem | null, retryAfterSeconds: number | null) {
    super(429, problem)
    this.name = 'RateLimitedError'
    this.retryAfterSeconds = retryAfterSeconds
  }
}

/** Seconds from a Retry-After header (delay in seconds or an HTTP date); null when absent. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return null
  return Math.max(0, Math.ceil((at - now) / 1000))
}

interface FetchResult<T> {
  data?: T
  error?: unknown
  response: Response
}

/**
 * Like `unwrap`, but keeps the HTTP status of a success (login answers 200 or 202) and turns
 * a 429 into a RateLimitedError carrying Retry-After.
 */
export async function send<T>(request: Promise<FetchResult<T>>): Promise<{ data: T; status: number }> {
  let result: FetchResult<T>
  try {
    result = await request
  } catch {
    throw new ApiError(0, null)
  }
  const { response } = result
  if (!response.ok) {
    const error = apiErrorFrom(response.status, result.error)
    if (response.status === 429) {
      throw new RateLimitedError(error.problem, parseRetryAfter(response.headers.get('Retry-After')))
    }
    throw error
  }
  return { data: result.data as T, status: response.status }
}
