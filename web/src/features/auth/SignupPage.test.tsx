// Once signup succeeded, the "I'm not a robot" check has done its job: it is gone, and comes
// back only when the person asks for the email again (which needs a fresh one).
import type { Ref } from 'react'
import type { CaptchaHandle } from './components/Captcha'
import { authRoutes } from './routes'
import { buttons, calls, click, input, installDomShims, json, mockApi, pageText, renderRoutes, see, typeInto, waitUntil } from '@/lib/test-harness'

// The real check runs ALTCHA's proof of work in web workers, which jsdom lacks: this stand-in
// is solved at once and shows where the check is.
vi.mock('./components/Captcha', async () => {
  const { useImperativeHandle } = await import('react')
  return {
    Captcha: ({ ref }: { ref?: Ref<CaptchaHandle> }) => {
      useImperativeHandle(ref, () => ({ solution: () => Promise.resolve('solved'), renew: () => {} }), [])
      return <fieldset aria-label="Security check" />
    },
  }
})

const EMAIL = 'mia@example.org'
const captchaShown = () => document.querySelector('fieldset[aria-label="Security check"]') !== null

beforeAll(installDomShims)

describe('signup', { timeout: 30_000 }, () => {
  it('hides the CAPTCHA once the account was created', async () => {
    mockApi((request, url) =>
      url.pathname === '/api/v1/signup' && request.method === 'POST'
        ? json({ status: 'verification_sent', email: EMAIL, message: `We sent a link to ${EMAIL}. It works for 24 hours.` }, 202)
        : undefined,
    )
    const page = await renderRoutes(authRoutes, '/signup')
    await see('Create your account')
    expect(captchaShown()).toBe(true)
    await typeInto(input('Organisation name')[0], 'Harbour View Clinic')
    await typeInto(input('First name')[0], 'Mia')
    await typeInto(input('Last name')[0], 'Owner')
    await typeInto(input('Work email')[0], EMAIL)
    await typeInto(input('Password')[0], 'correct horse battery staple meadow')
    await click(document.querySelector<HTMLInputElement>('input[type="checkbox"]') ?? undefined)
    await click(buttons('Create account')[0])

    await see('Check your email')
    expect(calls).toContain('POST /api/v1/signup')
    expect(pageText()).toContain(EMAIL)
    expect(captchaShown()).toBe(false)
    // Asking for the email again needs a new check.
    await click(buttons('Send the email again')[0])
    await waitUntil(() => expect(captchaShown()).toBe(true))
    page.unmount()
  })
})
