import { judgePassword } from '@/lib/password'
import { installDomShims, pageText, renderRoutes, see } from '@/lib/test-harness'
import { PasswordField } from './PasswordField'

beforeAll(installDomShims)

function occurrences(text: string): number {
  return pageText().split(text).length - 1
}

describe('the password field', () => {
  it('says what is wrong once, whether the meter or the form says it', async () => {
    const problem = judgePassword('short', [], null).problem ?? ''
    expect(problem).not.toBe('')
    const field = (error?: string) => [
      { index: true, element: <PasswordField label="Password" value="short" onChange={() => {}} context={[]} error={error} /> },
    ]
    // Typing: the meter explains.
    let page = await renderRoutes(field(), '/')
    await see(problem)
    expect(occurrences(problem)).toBe(1)
    page.unmount()
    // Submitted: the field's error explains, and the meter keeps only its bar.
    page = await renderRoutes(field(problem), '/')
    await see(problem)
    expect(occurrences(problem)).toBe(1)
    expect(document.querySelector('[aria-label="Password strength"]')).not.toBeNull()
    page.unmount()
  })
})
