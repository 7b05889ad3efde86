import type { Schemas } from './client'

export type Problem = Schemas['Problem']
/** Every code the API can send: the union generated from the server's own enum. */
export type ProblemCode = Schemas['ProblemCode']
/** Codes the web app gives failures that carry no problem document. */
export type ClientCode = 'network' | `http-${number}`
export type ErrorCode = ProblemCode | ClientCode

/** An API error as the web app sees it: the problem document plus the HTTP status. */
export class ApiError extends Error {
  readonly status: number
  readonly code: ErrorCode
  readonly problem: Problem | null

  constructor(status: number, problem: Problem | null) {
    super(problem?.detail ?? problem?.title ?? `Request failed (${status})`)
    this.name = 'ApiError'
    this.status = status
    this.code = problem?.code ?? (status === 0 ? 'network' : `http-${status}`)
    this.problem = problem
  }
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { status?: unknown }).status === 'number'
  )
}

/**
 * Turns an openapi-fetch result into data or a thrown ApiError, so TanStack Query sees
 * failures as errors.
 */
export async function unwrap<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response }
  try {
    result = await request
  } catch {
    throw new ApiError(0, null)
  }
  if (!result.response.ok) {
    throw new ApiError(result.response.status, isProblem(result.error) ? result.error : null)
  }
  return result.data as T
}

/** Builds an ApiError from a raw fetch/XHR response body. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  return new ApiError(status, isProblem(body) ? body : null)
}

// Codes whose server wording is not the best thing to show a person.
const MESSAGES: Partial<Record<ErrorCode, string>> = {
  network: 'Vigil could not be reached. Check your internet connection and try again.',
  'csrf-token-invalid': 'Your page was open too long. Reload it and try again.',
  'not-authenticated': 'Your session has ended. Sign in again to continue.',
  // What a form says when the person cancelled the step-up its request asked for.
  'step-up-required':
    'Nothing was changed: this needs you to confirm it is you first. Try again, and confirm when Vigil asks.',
  'http-500': 'Something went wrong on our side. Try again in a moment.',
  'http-502': 'Vigil is temporarily unavailable. Try again in a moment.',
  'http-503': 'Vigil is temporarily unavailable. Try again in a moment.',
}

/** A sentence a person understands, for any error thrown by a request. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const mapped = MESSAGES[error.code]
    if (mapped) return mapped
    if (error.problem?.detail) return error.problem.detail
    if (error.problem?.title) return error.problem.title
    if (error.status >= 500) return MESSAGES['http-500'] ?? ''
    return `The request failed (HTTP ${error.status}). Try again.`
  }
  if (error instanceof Error && error.message) return error.message
  return 'Something went wrong. Try again.'
}

/**
 * Field → message for validation problems, with the server's field paths mapped to form
 * field names (`address.postcode` stays as is; `invitations[2].email` too).
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem?.errors) return {}
  const out: Record<string, string> = {}
  for (const [field, messages] of Object.entries(error.problem.errors as Record<string, unknown>)) {
    if (Array.isArray(messages) && messages.length > 0) {
      out[field] = messages.map(String).join(' ')
    }
  }
  return out
}

export function isApiError(error: unknown, code?: ErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code)
}
