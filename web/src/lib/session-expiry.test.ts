import { QueryClient } from '@tanstack/react-query'
import { ApiError } from './api/problem'
import { SESSION_KEY } from './session'
import { handleSessionEnd, signInUrl } from './session-expiry'

const problem = (status: number, code: string) =>
  new ApiError(status, { type: 'x', title: code, status, code: code as never, detail: code } as never)

describe('a session that ends mid-task', () => {
  it('sends a signed-in person to sign in, back to the same page, saying why', () => {
    const client = new QueryClient()
    client.setQueryData(SESSION_KEY, { user: { email: 'mia@example.org' } })
    const went: string[] = []
    const handled = handleSessionEnd(problem(401, 'session-idle-timeout'), client, (to) => went.push(to), {
      pathname: '/organizations/o/documents/d',
      search: '?tab=results',
    })
    expect(handled).toBe(true)
    expect(went).toEqual(['/login?next=%2Forganizations%2Fo%2Fdocuments%2Fd%3Ftab%3Dresults&reason=idle'])
    expect(client.getQueryData(SESSION_KEY)).toBeNull()
  })

  it('lets the session guard give the same reason if it redirects first', async () => {
    const { sessionEndReason } = await import('./session-expiry')
    const client = new QueryClient()
    client.setQueryData(SESSION_KEY, { user: {} })
    handleSessionEnd(problem(401, 'not-authenticated'), client, () => {}, { pathname: '/x', search: '' })
    expect(sessionEndReason()).toBe('expired')
  })

  it('leaves other errors, and people who were not signed in, to the page', () => {
    const client = new QueryClient()
    const went: string[] = []
    const go = (to: string) => went.push(to)
    const here = { pathname: '/organizations/o/documents', search: '' }
    expect(handleSessionEnd(problem(401, 'not-authenticated'), client, go, here)).toBe(false)
    client.setQueryData(SESSION_KEY, { user: {} })
    expect(handleSessionEnd(problem(401, 'invalid-credentials'), client, go, here)).toBe(false)
    expect(handleSessionEnd(problem(403, 'permission-denied'), client, go, here)).toBe(false)
    expect(handleSessionEnd(new Error('boom'), client, go, here)).toBe(false)
    expect(went).toEqual([])
    expect(signInUrl('/a?b=c', 'expired')).toBe('/login?next=%2Fa%3Fb%3Dc&reason=expired')
  })
})

describe('the session check', () => {
  it('remembers why a signed-in person lost the session, but not after a sign-out or on a first visit', async () => {
    const { noteSessionCheck, noteSignedInOrOut, sessionEndReason } = await import('./session-expiry')
    noteSignedInOrOut(false)
    noteSessionCheck(false, problem(401, 'not-authenticated'))
    expect(sessionEndReason()).toBeNull()
    noteSessionCheck(true)
    noteSessionCheck(false, problem(401, 'session-idle-timeout'))
    expect(sessionEndReason()).toBe('idle')
    noteSessionCheck(true)
    expect(sessionEndReason()).toBeNull()
    noteSignedInOrOut(false)
    noteSessionCheck(false, problem(401, 'not-authenticated'))
    expect(sessionEndReason()).toBeNull()
  })
})
