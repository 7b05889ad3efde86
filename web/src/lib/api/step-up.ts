// Step-up in place: a sensitive request the API refuses with `step-up-required` (no proof of
// identity recent and strong enough) opens the step-up dialog, and once the person has confirmed
// it is them, the same request is sent once more. Every request made through `api` gets this
// (see client.ts), so forms need no code of their own: cancelling leaves them as they were, with
// the refusal as their error.
import type { Problem } from './problem'

/**
 * Asks the person to confirm it is them (the dialog mounted by the app): resolves `true` once
 * they have (the API recorded the proof), `false` when they cancelled.
 */
export type StepUpPrompt = (problem: Problem | null) => Promise<boolean>

let prompt: StepUpPrompt | null = null
let pending: Promise<boolean> | null = null

/** Mounts the dialog that asks; returns the function that unmounts it. */
export function setStepUpPrompt(next: StepUpPrompt): () => void {
  prompt = next
  return () => {
    if (prompt === next) prompt = null
  }
}

/**
 * Asks the person to confirm it is them (for an action they chose, such as opening an
 * organisation that requires a passkey sign-in). Requests that need it at the same time share
 * one dialog. Resolves `false` when they cancelled or nothing can ask.
 */
export function confirmIdentity(problem: Problem | null = null): Promise<boolean> {
  if (!prompt) return Promise.resolve(false)
  if (!pending) {
    pending = prompt(problem).finally(() => {
      pending = null
    })
  }
  return pending
}

// The step-up itself is never retried through a step-up.
const EXEMPT = new Set(['/api/v1/auth/step-up', '/api/v1/auth/step-up/options'])

interface Result {
  error?: unknown
  response: Response
}

/** Whether an openapi-fetch result is the API asking for a step-up first. */
export function stepUpProblem(result: Result): Problem | null {
  const error = result.error as Problem | undefined
  return result.response.status === 403 && typeof error === 'object' && error !== null && error.code === 'step-up-required'
    ? error
    : null
}

// openapi-fetch's methods are generic; the wrapper keeps their types and passes the same
// arguments again, so the body is serialised afresh for the second attempt.
type Method = (path: never, ...rest: never[]) => Promise<Result>

function retrying<M extends Method>(method: M): M {
  const wrapped = async (path: never, ...rest: never[]): Promise<Result> => {
    const first = await method(path, ...rest)
    const problem = stepUpProblem(first)
    if (!problem || EXEMPT.has(path as string)) return first
    if (!(await confirmIdentity(problem))) return first
    return method(path, ...rest)
  }
  return wrapped as unknown as M
}

interface Methods {
  GET: Method
  POST: Method
  PUT: Method
  PATCH: Method
  DELETE: Method
}

/** The client, with each request that needs a step-up stepped up and sent again (once). */
export function withStepUp<C extends Methods>(client: C): C {
  return {
    ...client,
    GET: retrying(client.GET),
    POST: retrying(client.POST),
    PUT: retrying(client.PUT),
    PATCH: retrying(client.PATCH),
    DELETE: retrying(client.DELETE),
  }
}
