import createClient, { type Middleware } from 'openapi-fetch'
import { noteActivity, noteServerDate } from '../idle'
import type { components, paths } from './schema'

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

// Any request that reached the server with the session counts as activity there.
const activity: Middleware = {
  onResponse({ response }) {
    noteServerDate(response.headers.get('Date'))
    if (response.status !== 401) noteActivity()
    return response
  },
}

/** The only way the web app talks to the API: typed from openapi/openapi.json. */
export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  credentials: 'same-origin',
})
api.use(csrf, activity)

/** Headers for requests made outside openapi-fetch (uploads with progress). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {}
}
