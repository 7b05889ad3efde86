// The sign-in page says why a session ended, pre-fills the email from the verification page,
// and returns to where the person was.
import { authRoutes } from './routes'
import { input, installDomShims, json, mockApi, pageText, renderRoutes, see, waitUntil } from '@/lib/test-harness'

beforeAll(installDomShims)

describe('sign-in page', { timeout: 20_000 }, () => {
  it('explains an ended session and pre-fills the verified email', async () => {
    mockApi((_request, url) => (url.pathname === '/api/v1/auth/session' ? json({ type: 'x', title: 'x', status: 401, code: 'not-authenticated' }, 401) : undefined))
    let page = await renderRoutes(authRoutes, '/login?next=%2Forganizations%2Fo%2Fcompliance&reason=idle')
    await see('You were signed out after a period without activity')
    page.unmount()
    page = await renderRoutes(authRoutes, '/login?verified=1&email=mia%40example.org')
    await see('Your email is verified.')
    await waitUntil(() => expect(input('Email')[0]?.value).toBe('mia@example.org'))
    expect(pageText()).not.toContain('Please sign in again')
    page.unmount()
    // Anything that is not an address is not put in the box.
    page = await renderRoutes(authRoutes, '/login?email=%3Cscript%3E')
    await see('Sign in')
    await waitUntil(() => expect(input('Email')[0]?.value).toBe(''))
    page.unmount()
  })
})
