import { expect, test, type Page } from '@playwright/test'
import { expectAccessible, linkFromEmail, NEW_PASSWORD, PASSWORD, snapshot, totp, uniqueEmail } from './support'

test.describe.configure({ mode: 'serial' })

const person = { first: 'Mei', last: 'Lindqvist', email: uniqueEmail('account') }
let password = PASSWORD

async function fillLogin(page: Page, secret = password): Promise<void> {
  await page.goto('/login')
  await page.getByLabel('Email', { exact: true }).fill(person.email)
  await page.getByLabel(/^Password/).fill(secret)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: `Account menu for ${person.first} ${person.last}` }).click()
  await page.getByRole('menuitem', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login/)
}

test('a forgotten password is reset from the emailed link', async ({ page }) => {
  await page.goto('/signup')
  await page.getByLabel('Organisation name').fill(`Riverbend Allied Health ${Date.now().toString(36)}`)
  await page.getByLabel('First name').fill(person.first)
  await page.getByLabel('Last name').fill(person.last)
  await page.getByLabel('Work email').fill(person.email)
  await page.getByLabel(/^Password/).fill(password)
  await page.getByLabel('I accept the terms of service and privacy policy').check()
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible({ timeout: 60_000 })
  await page.goto(await linkFromEmail(person.email, /verif/i, '/verify-email?token='))
  await expect(page.getByRole('heading', { level: 1, name: 'Your email is verified' })).toBeVisible()

  await page.goto('/login')
  await page.getByRole('link', { name: 'Forgot your password?' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeVisible()
  await expectAccessible(page, 'forgot password')
  await page.getByLabel('Email', { exact: true }).fill(person.email)
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(page.getByText(/If an account exists for that address/)).toBeVisible({ timeout: 60_000 })

  await page.goto(await linkFromEmail(person.email, /reset/i, '/reset-password?token='))
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible()
  await expectAccessible(page, 'reset password')
  // The live meter refuses what the server would refuse.
  await page.getByLabel(/^New password/).fill('short')
  await expect(page.getByText(/Use at least 15 characters/)).toBeVisible()
  await page.getByLabel(/^New password/).fill(NEW_PASSWORD)
  await page.getByLabel(/^Confirm new password/).fill(NEW_PASSWORD)
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page.getByText('Your password was changed. Sign in with the new one.')).toBeVisible()
  password = NEW_PASSWORD

  // The old password no longer works; the new one does.
  await fillLogin(page, PASSWORD)
  await expect(page.getByRole('alert')).toBeVisible()
  await fillLogin(page)
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your organisation' })).toBeVisible()
})

test('two-step verification: enrol with the QR code, then sign in with a code and a recovery code', async ({ page }) => {
  await fillLogin(page)
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your organisation' })).toBeVisible()
  await page.goto('/account/security')
  const section = page.getByRole('region', { name: 'Two-step verification' })
  await section.getByRole('button', { name: 'Set up two-step verification' }).click()
  await section.getByLabel(/^Your password/).fill(password)
  await section.getByRole('button', { name: 'Continue' }).click()
  await expect(section.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible()
  await expectAccessible(page, 'two-step enrolment')
  await snapshot(page, 'two-step-enrolment')
  const secret = (await section.getByLabel('Setup key').textContent()) ?? ''
  await section.getByLabel(/^Authentication code/).fill(totp(secret))
  await section.getByRole('button', { name: 'Confirm' }).click()

  const codes = section.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')
  await expect(codes).toHaveCount(10)
  const recovery = ((await codes.first().textContent()) ?? '').trim()
  await expectAccessible(page, 'recovery codes')
  await section.getByRole('button', { name: 'I have saved my codes' }).click()
  await expect(section.getByText('On', { exact: true })).toBeVisible()

  // Signing in now asks for the code; the next time step's code is accepted (±1 step).
  await signOut(page)
  await fillLogin(page)
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step verification' })).toBeVisible()
  await expectAccessible(page, 'login: two-step')
  await page.getByLabel(/^Authentication code/).fill(totp(secret, Date.now() + 30_000))
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your organisation' })).toBeVisible()

  // A recovery code works once.
  await signOut(page)
  await fillLogin(page)
  await page.getByLabel(/^Authentication code/).fill(recovery)
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your organisation' })).toBeVisible()
  await signOut(page)
  await fillLogin(page)
  await page.getByLabel(/^Authentication code/).fill(recovery)
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Two-step verification' })).toBeVisible()
  await expect(page.getByText(/code/i).and(page.locator('.mantine-InputWrapper-error, [role=alert]')).first()).toBeVisible()
})
