import createClient, { type Middleware } from 'openapi-fetch'
import { noteActivity, noteServerDate } from '../idle'
import type { components, paths } from './schema'
import { withStepUp } from './step-up'

export type Schemas = components['schemas']

// The CSRF token comes from the session response; unsafe methods must carry it.
let csrfToken: string | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

const csrf: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method) && csrfToken) {
      request.headers.set('X-CSRF-Token', csrfToken)
    }
    return request
  },
}

// Any request that reached the server with the session counts as activity there, as of when
// it was sent: a response that arrives late (a slow network, a laptop waking) must not make the
// session look more recently used than it was.
const sentAt = new Map<string, number>()
const activity: Middleware = {
  onRequest({ id }) {
    sentAt.set(id, Date.now())
  },
  onResponse({ id, response }) {
    const sent = sentAt.get(id) ?? Date.now()
    sentAt.delete(id)
    noteServerDate(response.headers.get('Date'), sent)
    if (response.status !== 401) noteActivity(sent)
    return response
  },
  onError({ id }) {
    sentAt.delete(id)
  },
}

const client = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  credentials: 'same-origin',
})
client.use(csrf, activity)

/**
 * The only way the web app talks to the API: typed from openapi/openapi.json. A request the
 * API refuses with `step-up-required` asks the person to confirm it is them, then is sent again
 * (see step-up.ts).
 */
export const api = withStepUp(client)

/** Headers for requests made outside openapi-fetch (uploads with progress). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {}
}
