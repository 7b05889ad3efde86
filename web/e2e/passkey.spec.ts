import { expect, test, type Page } from '@playwright/test'
import { expectAccessible, PASSWORD, signInWithPassword, signOutFromMenu, signUpVerified, snapshot, uniqueEmail } from './support'

// Passkeys are bound to a domain name (localhost here), never to an IP address: this journey
// browses the server by http://localhost:PORT (scripts/test passes it, and allows that origin),
// and stays there, since cookies belong to the host.
const base = process.env.VIGIL_E2E_URL ?? 'http://127.0.0.1:8080'
test.use({ baseURL: process.env.VIGIL_E2E_PASSKEY_URL ?? base.replace('://127.0.0.1', '://localhost') })

const person = { first: 'Ana', last: 'Petrović', email: uniqueEmail('passkey'), password: PASSWORD }

/** A platform authenticator (like Touch ID or Windows Hello) that says yes at once. */
async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable', { enableUI: false })
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      ctap2Version: 'ctap2_1',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
}

// The virtual authenticator answers at once even the sign-in page's passkey autofill, which a
// person would pick from the email field's suggestions: the page is told the browser has no such
// autofill until the test wants it (a flag in localStorage), so the other ways can be tried.
const NO_AUTOFILL = 'e2e-no-passkey-autofill'
async function withoutAutofill(page: Page): Promise<void> {
  await page.addInitScript((flag) => {
    const scope = globalThis as unknown as {
      localStorage: { getItem(key: string): string | null }
      PublicKeyCredential?: object
    }
    if (scope.localStorage.getItem(flag) && scope.PublicKeyCredential) {
      Object.defineProperty(scope.PublicKeyCredential, 'isConditionalMediationAvailable', { value: async () => false })
    }
  }, NO_AUTOFILL)
}
async function setAutofill(page: Page, on: boolean): Promise<void> {
  await page.evaluate(
    ([flag, enable]) => {
      const { localStorage } = globalThis as unknown as {
        localStorage: { setItem(key: string, value: string): void; removeItem(key: string): void }
      }
      if (enable) localStorage.removeItem(flag)
      else localStorage.setItem(flag, '1')
    },
    [NO_AUTOFILL, on] as const,
  )
}

const onboarding = (page: Page) => page.getByRole('heading', { level: 1, name: 'Set up your organisation' })
const passkeysSection = (page: Page) => page.getByRole('region', { name: 'Passkeys' })
const sessionsSection = (page: Page) => page.getByRole('region', { name: 'Active sessions' })

test('a passkey is added in the security settings, then signs in after the password, on its own and from autofill', async ({ page }) => {
  await addVirtualAuthenticator(page)
  await withoutAutofill(page)
  await signUpVerified(page, person, `Passkey Physio ${Date.now().toString(36)}`)
  await setAutofill(page, false)

  // Add a passkey: the password, a name, the browser's dialog; the recovery codes come once.
  await page.goto('/account/security')
  const section = passkeysSection(page)
  await expect(section.getByText('No passkeys yet')).toBeVisible()
  await section.getByRole('button', { name: 'Add a passkey' }).click()
  await section.getByLabel(/^Name for this passkey/).fill('Clinic laptop')
  await section.getByLabel(/^Your password/).fill(person.password)
  await expectAccessible(page, 'passkeys: add')
  await section.getByRole('button', { name: 'Create passkey' }).click()
  await expect(section.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10)
  await snapshot(page, 'passkey-added')
  await section.getByRole('button', { name: 'I have saved my codes' }).click()
  await expect(section.getByRole('row', { name: /Clinic laptop/ })).toContainText('Never')
  await expectAccessible(page, 'passkeys: list')

  // The password now needs the passkey as its second step.
  await signOutFromMenu(page, person)
  await signInWithPassword(page, person)
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step verification' })).toBeVisible()
  await expect(page.getByLabel(/^Authentication code/)).toHaveCount(0)
  await expectAccessible(page, 'login: passkey as the second step')
  await page.getByRole('button', { name: 'Use your passkey' }).click()
  await expect(onboarding(page)).toBeVisible()
  await page.goto('/account/security')
  await expect(sessionsSection(page).getByText(/^Signed in with a password and a passkey on /)).toBeVisible()

  // The passkey alone signs in, with the button.
  await signOutFromMenu(page, person)
  await expectAccessible(page, 'login with the passkey button')
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await expect(onboarding(page)).toBeVisible()
  await page.goto('/account/security')
  await expect(sessionsSection(page).getByText(/^Signed in with a passkey on /)).toBeVisible()
  await expect(passkeysSection(page).getByRole('row', { name: /Clinic laptop/ })).not.toContainText('Never')

  // Or from the email field's autofill, as soon as the page offers it (this authenticator
  // answers without being picked).
  await signOutFromMenu(page, person)
  await setAutofill(page, true)
  await page.goto('/login')
  await expect(onboarding(page)).toBeVisible()
})

test('an owner requires passkeys for everyone: the save asks for the passkey in place, and a weaker sign-in is asked again', async ({ page }) => {
  const owner = { first: 'Ravi', last: 'Sharma', email: uniqueEmail('passkey-policy'), password: PASSWORD }
  await addVirtualAuthenticator(page)
  await withoutAutofill(page)
  await signUpVerified(page, owner, `Passkey Podiatry ${Date.now().toString(36)}`)
  await setAutofill(page, false)
  const orgId = /\/organizations\/([^/]+)\//.exec(new URL(page.url()).pathname)?.[1]
  expect(orgId).toBeTruthy()

  await page.goto('/account/security')
  const section = passkeysSection(page)
  await section.getByRole('button', { name: 'Add a passkey' }).click()
  await section.getByLabel(/^Your password/).fill(owner.password)
  await section.getByRole('button', { name: 'Create passkey' }).click()
  const codes = section.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')
  await expect(codes).toHaveCount(10)
  const [firstCode, secondCode] = (await codes.allInnerTexts()).map((code) => code.trim())
  await section.getByRole('button', { name: 'I have saved my codes' }).click()

  // Signed in with the password and a recovery code: two factors, but not the passkey, the
  // strongest the owner has.
  async function signInWithRecoveryCode(code: string | undefined) {
    await signOutFromMenu(page, owner)
    await signInWithPassword(page, owner)
    await page.getByLabel(/^Recovery code/).fill(code ?? '')
    await page.getByRole('button', { name: 'Verify' }).click()
  }
  await signInWithRecoveryCode(firstCode)
  await expect(onboarding(page)).toBeVisible()

  // Requiring passkeys is a sensitive change: the API asks for a recent proof as strong as the
  // passkey, and the page asks for it in place, then saves.
  await page.goto(`/organizations/${orgId}/settings?tab=security`)
  await page.getByRole('radio', { name: 'Everyone' }).check()
  await page.getByRole('button', { name: 'Save security policy' }).click()
  const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' })
  await expect(stepUp.getByRole('button', { name: 'Use your passkey' })).toBeVisible()
  await expectAccessible(page, 'step-up: passkey')
  await snapshot(page, 'step-up-passkey')
  await stepUp.getByRole('button', { name: 'Use your passkey' }).click()
  await expect(page.getByText('Security policy saved')).toBeVisible()
  await expect(stepUp).toHaveCount(0)
  await expect(page.getByRole('radio', { name: 'Everyone' })).toBeChecked()

  // Now the organisation itself asks such a sign-in for the passkey before it opens, in place.
  await signInWithRecoveryCode(secondCode)
  const confirm = page.getByRole('button', { name: 'Confirm with your passkey' })
  await expect(confirm).toBeVisible()
  await expectAccessible(page, 'organisation: passkey sign-in required')
  await snapshot(page, 'passkey-sign-in-required')
  await confirm.click()
  await stepUp.getByRole('button', { name: 'Use your passkey' }).click()
  await expect(onboarding(page)).toBeVisible()

  // The organisation requires a passkey, so the last one stays.
  await page.goto('/account/security')
  await passkeysSection(page).getByRole('button', { name: /^Remove / }).click()
  const remove = page.getByRole('dialog', { name: 'Remove passkey' })
  await remove.getByLabel(/^Your password/).fill(owner.password)
  await remove.getByRole('button', { name: 'Remove passkey' }).click()
  await expect(remove.getByRole('alert', { name: 'Your organisation requires a passkey' })).toBeVisible()
  await remove.getByRole('button', { name: 'Cancel' }).click()
  await expect(passkeysSection(page).getByRole('button', { name: /^Remove / })).toHaveCount(1)
})
