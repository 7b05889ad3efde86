import { writeFile } from 'node:fs/promises'
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test'
import { expectAccessible, expectLoaded, linkFromEmail, NEW_PASSWORD, PASSWORD, randomAbn, snapshot, traceApi, uniqueEmail } from './support'

// One organisation's life, in order: each step builds on the previous one.
test.describe.configure({ mode: 'serial' })

interface Person {
  first: string
  last: string
  email: string
  password: string
}

const owner: Person = { first: 'Priya', last: 'Raman', email: uniqueEmail('owner'), password: PASSWORD }
const colleague: Person = { first: 'Tom', last: 'Nguyen', email: uniqueEmail('colleague'), password: PASSWORD }
// Has an account of their own (another organisation) before being invited to this one.
const stranger: Person = { first: 'Sam', last: 'Okafor', email: uniqueEmail('stranger'), password: PASSWORD }
const orgName = `Harbour View Clinic ${Date.now().toString(36)}`
// The organisation's primary colour, chosen during onboarding; its pages must wear it.
const BRAND = '#0b6e4f'
let orgId = ''
let documentUrl = ''
// Another organisation the owner does not belong to, and the owner's second one (deleted later).
let strangerOrgId = ''
const secondOrg = { id: '', name: '' }

/** The organisation whose pages the browser shows. */
function orgIdOf(page: Page): string {
  return /organizations\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? ''
}

async function signIn(page: Page, person: Person, password = person.password): Promise<void> {
  await page.goto('/login')
  await page.getByLabel('Email', { exact: true }).fill(person.email)
  await page.getByLabel(/^Password/).fill(password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

/** Fills in and sends the signup form; the verification link is in the email next. */
async function startSignUp(page: Page, person: Person, organisation: string, screenshots = false): Promise<void> {
  await page.goto('/signup')
  await expect(page.getByRole('heading', { level: 1, name: 'Create your account' })).toBeVisible()
  if (screenshots) {
    await expectAccessible(page, 'signup')
    await snapshot(page, 'signup')
  }
  await page.getByLabel('Organisation name').fill(organisation)
  await page.getByLabel('First name').fill(person.first)
  await page.getByLabel('Last name').fill(person.last)
  await page.getByLabel('Work email').fill(person.email)
  await page.getByLabel(/^Password/).fill(person.password)
  if (screenshots) {
    await expect(page.getByRole('link', { name: 'terms of service', exact: true })).toHaveAttribute('href', '/terms')
    await expect(page.getByRole('link', { name: 'privacy policy', exact: true })).toHaveAttribute('href', '/privacy')
  }
  await page.getByLabel('I accept the terms of service and privacy policy').check()
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible({ timeout: 60_000 })
  // The CAPTCHA has done its job: it comes back only to send the email again.
  await expect(page.locator('altcha-widget')).toHaveCount(0)
  if (screenshots) await expectAccessible(page, 'check your email')
}

/** Signs up an organisation through the page, verifies by the emailed link, signs in. */
async function signUp(page: Page, person: Person, organisation: string, screenshots = false): Promise<void> {
  await startSignUp(page, person, organisation, screenshots)

  await page.goto(await linkFromEmail(person.email, /verif/i, '/verify-email?token='))
  await expect(page.getByRole('heading', { level: 1, name: 'Your email is verified' })).toBeVisible()
  if (screenshots) await expectAccessible(page, 'email verified')
  await page.getByRole('link', { name: 'Sign in' }).click()
  await expect(page.getByText('Your email is verified. Sign in to continue.')).toBeVisible()
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue(person.email)
  if (screenshots) {
    await expectAccessible(page, 'login')
    await snapshot(page, 'login')
  }
  await page.getByLabel(/^Password/).fill(person.password)
  await page.getByLabel('Email', { exact: true }).fill(person.email)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext()
  return context.newPage()
}

/** The owner invites `email` from the members page; the link goes only to that address. */
async function invite(page: Page, email: string) {
  await page.goto(`/organizations/${orgId}/members`)
  await page.getByRole('button', { name: 'Invite people' }).click()
  const dialog = page.getByRole('dialog', { name: 'Invite people' })
  await dialog.getByLabel('Email address').fill(email)
  await dialog.getByRole('button', { name: 'Send invitations' }).click()
  await expect(dialog.getByText('1 invitation sent by email.')).toBeVisible()
  return dialog
}

test('an organisation signs up, onboards with a logo and invites a colleague who joins', async ({ page, browser }) => {
  await signUp(page, owner, orgName, true)

  // New owners land in onboarding.
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your organisation' })).toBeVisible()
  orgId = orgIdOf(page)
  expect(orgId).not.toBe('')
  await expectAccessible(page, 'onboarding: details')
  await snapshot(page, 'onboarding-details')

  await page.getByLabel('ABN').fill(randomAbn())
  await page.getByLabel('Address line 1').fill('12 Harbour Street')
  await page.getByLabel('Suburb').fill('Sydney')
  await page.getByLabel('State').selectOption('NSW')
  await page.getByLabel('Postcode').fill('2000')
  await page.getByLabel('Contact email').fill(owner.email)
  await page.getByRole('button', { name: 'Save and continue' }).click()

  // Branding: logo and colours, with the live preview.
  await page.getByLabel('Logo file').setInputFiles('e2e/fixtures/logo.png')
  await expect(page.getByRole('img', { name: 'Preview of the chosen logo' })).toBeVisible()
  await page.getByLabel('Primary colour').fill(BRAND)
  await expectAccessible(page, 'onboarding: branding')
  await snapshot(page, 'onboarding-branding')
  await page.getByRole('button', { name: 'Save and continue' }).click()

  // Invite a colleague.
  await page.getByLabel('Email address 1').fill(colleague.email)
  await page.getByLabel('Role 1').selectOption('member')
  await page.getByRole('button', { name: 'Send invitations' }).click()
  await expect(page.getByRole('heading', { name: `Done: ${orgName} is ready` })).toBeVisible()
  await page.getByRole('button', { name: 'Go to dashboard' }).click()
  await expect(page.getByRole('heading', { level: 1, name: orgName })).toBeVisible()
  // The header carries the organisation's logo and colour now.
  await expect(page.getByTestId('org-switcher')).toContainText(orgName)
  await expectAccessible(page, 'dashboard')
  await snapshot(page, 'dashboard')

  // The colleague accepts in a browser of their own.
  const other = await newPage(browser)
  await other.goto(await linkFromEmail(colleague.email, /invit/i, '/invitations/accept?token='))
  await expect(other.getByRole('heading', { level: 1, name: `Join ${orgName}` })).toBeVisible()
  await expectAccessible(other, 'accept invitation')
  await snapshot(other, 'accept-invitation')
  // The preview does not say whether the address has an account: both ways are offered.
  await expect(other.getByRole('link', { name: 'Sign in to accept' })).toHaveAttribute(
    'href',
    /^\/login\?next=%2Finvitations%2Faccept%3Ftoken%3D/,
  )
  await other.getByLabel('First name').fill(colleague.first)
  await other.getByLabel('Last name').fill(colleague.last)
  await other.getByLabel(/^Password/).fill(colleague.password)
  await other.getByRole('button', { name: 'Create account and accept' }).click()
  await expect(other).toHaveURL(new RegExp(`/organizations/${orgId}/dashboard`))
  await expect(other.getByTestId('org-switcher')).toContainText(orgName)
  await other.context().close()

  // The owner sees the new member.
  await page.goto(`/organizations/${orgId}/members`)
  await expect(page.getByRole('cell', { name: colleague.email })).toBeVisible()
  // Invitation links are only ever in the email.
  await expect(page.getByRole('button', { name: 'Copy link' })).toHaveCount(0)
  await expectAccessible(page, 'members')
  await snapshot(page, 'members')
  await page.goto(`/organizations/${orgId}/settings`)
  await expect(page.getByRole('heading', { level: 1, name: 'Organisation settings' })).toBeVisible()
  await expectAccessible(page, 'settings')
  await snapshot(page, 'settings')
  await page.goto(`/organizations/${orgId}/audit`)
  await expect(page.getByRole('button', { name: 'Verify integrity' })).toBeVisible()
  await expectAccessible(page, 'audit log')
})

test('a member uploads a document and downloads it again', async ({ page }) => {
  await signIn(page, colleague)
  await expect(page).toHaveURL(new RegExp(`/organizations/${orgId}/`))
  await page.goto(`/organizations/${orgId}/documents`)
  await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible()
  await expect(page.getByText('No documents yet')).toBeVisible()
  await expectAccessible(page, 'documents (empty)')
  await page.getByLabel('Document file').setInputFiles('e2e/fixtures/policy.txt')
  const link = page.getByRole('link', { name: 'policy.txt', exact: true })
  await expect(link).toBeVisible()
  // A member may delete their own upload.
  await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(1)
  await expectAccessible(page, 'documents')
  await snapshot(page, 'documents')

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download' }).first().click(),
  ])
  const path = await download.path()
  const fs = await import('node:fs/promises')
  expect(await fs.readFile(path, 'utf8')).toContain('Hand hygiene before and after every patient contact.')

  await link.click()
  await expect(page.getByRole('heading', { level: 1, name: 'policy.txt' })).toBeVisible()
  await expect(page.getByText('No compliance results for this document')).toBeVisible()
  documentUrl = new URL(page.url()).pathname
  await expectAccessible(page, 'document detail')
})

test('a member records a compliance result on a document, edits it and finds it in the organisation’s results', async ({ page }) => {
  await signIn(page, colleague)
  await expect(page).toHaveURL(new RegExp(`/organizations/${orgId}/`))
  await page.goto(documentUrl)
  await page.getByRole('button', { name: 'Record a result' }).click()
  const dialog = page.getByRole('dialog', { name: 'Record a compliance result' })
  await dialog.getByRole('combobox', { name: /^Standard/ }).click()
  await page.getByRole('option', { name: 'NSQHS Standard 3 — Preventing and Controlling Infections' }).click()
  await dialog.getByLabel('Requirement').fill('3.10 Hand hygiene')
  await dialog.getByRole('combobox', { name: /^Status/ }).click()
  await page.getByRole('option', { name: 'Partially compliant' }).click()
  await dialog.getByLabel('Score (0–100)').fill('64')
  await dialog.getByRole('combobox', { name: 'Reviewer' }).click()
  await page.getByRole('option', { name: `${colleague.first} ${colleague.last}` }).click()
  // A review date already past: the result shows as overdue.
  await dialog.getByLabel('Review due').fill('2026-01-05')
  await dialog.getByLabel('Notes').fill('Ward sinks lacked soap on the audit day.')
  await expectAccessible(page, 'record a result')
  await dialog.getByRole('button', { name: 'Record result' }).click()
  await expect(dialog).toBeHidden()
  const card = page.getByRole('article', { name: /NSQHS Standard 3 — Preventing and Controlling Infections/ })
  await expect(card).toContainText('Partially compliant')
  await expect(card).toContainText('64 / 100')
  await expect(card).toContainText('Overdue')
  await expect(card).toContainText('Ward sinks lacked soap on the audit day.')
  await expectAccessible(page, 'document with a result')
  await snapshot(page, 'document-detail')

  // Edit: fixed, reviewed again later.
  await card.getByRole('button', { name: /^Edit result/ }).click()
  const edit = page.getByRole('dialog', { name: 'Edit compliance result' })
  await edit.getByRole('combobox', { name: /^Status/ }).click()
  await page.getByRole('option', { name: 'Compliant', exact: true }).click()
  await edit.getByLabel('Review due').fill('2030-06-30')
  await edit.getByRole('button', { name: 'Save changes' }).click()
  await expect(edit).toBeHidden()
  await expect(card).not.toContainText('Overdue')
  await expect(card).toContainText('Compliant')

  // The organisation-wide list, filtered.
  await page.getByRole('link', { name: 'Compliance results' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Compliance results' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'policy.txt' }).first()).toBeVisible()
  await expectAccessible(page, 'compliance results')
  await snapshot(page, 'compliance-results')
  await page.getByRole('combobox', { name: 'Review', exact: true }).click()
  await page.getByRole('option', { name: 'Overdue for review' }).click()
  await expect(page).toHaveURL(/review=overdue/)
  await expect(page.getByText('No results match')).toBeVisible()
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(page.getByRole('link', { name: 'policy.txt' }).first()).toBeVisible()
})

test('the owner sees the recorded result on the dashboard, with what to do next', async ({ page }) => {
  await signIn(page, owner)
  await expect(page).toHaveURL(/\/organizations\//)
  await page.goto(`/organizations/${orgId}/dashboard`)
  const compliance = page.getByRole('region', { name: 'Compliance', exact: true })
  await expect(compliance).toContainText(/1\s*result on 1 document/)
  await expect(compliance.getByRole('link', { name: '1', exact: true })).toHaveAttribute('href', `/organizations/${orgId}/compliance?status=compliant`)
  const next = page.getByRole('region', { name: 'What to do next' })
  await expect(next).toContainText('do not use two-step verification')
  await expectAccessible(page, 'dashboard with results')
  await snapshot(page, 'dashboard-results')
  await compliance.getByRole('link', { name: 'All compliance results' }).click()
  await expect(page.getByRole('link', { name: 'policy.txt' }).first()).toBeVisible()
})

test('the owner generates a compliance summary and downloads it; a member is not offered the audit log', async ({ page, browser }) => {
  await signIn(page, owner)
  await expect(page).toHaveURL(/\/organizations\//)
  await page.goto(`/organizations/${orgId}/reports`)
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Generate audit log export' })).toBeVisible()
  await page.getByRole('button', { name: 'Generate compliance summary' }).click()
  const download = page.getByRole('link', { name: /^Download compliance-summary/ })
  await expect(download).toBeVisible({ timeout: 30_000 })
  await expectAccessible(page, 'reports')
  await snapshot(page, 'reports')
  const [file] = await Promise.all([page.waitForEvent('download'), download.first().click()])
  const fs = await import('node:fs/promises')
  const csv = await fs.readFile(await file.path(), 'utf8')
  expect(csv.split('\n')[0]).toContain('standard,document_id,document_name,status')
  expect(csv).toContain('NSQHS-3')
  expect(csv).toContain('policy.txt')

  const other = await newPage(browser)
  await signIn(other, colleague)
  await expect(other).toHaveURL(/\/organizations\//)
  await other.goto(`/organizations/${orgId}/reports`)
  await expect(other.getByRole('button', { name: 'Generate compliance summary' })).toBeVisible()
  await expect(other.getByRole('button', { name: 'Generate audit log export' })).toHaveCount(0)
  await other.context().close()
})

test('the owner creates an API client for the compliance engine, whose token reads the results until it is revoked', async ({ page, request }) => {
  await signIn(page, owner)
  await expect(page).toHaveURL(/\/organizations\//)
  await page.goto(`/organizations/${orgId}/api-clients`)
  await expect(page.getByText('No API clients yet')).toBeVisible()
  await expect(page.getByRole('link', { name: /Read the API documentation/ })).toHaveAttribute('href', '/docs/')
  await expectAccessible(page, 'API clients (empty)')
  await page.getByRole('button', { name: 'Create API client' }).click()
  const dialog = page.getByRole('dialog', { name: 'Create API client' })
  await expect(dialog.getByLabel('Record compliance results')).toBeChecked()
  await dialog.getByRole('button', { name: 'Create client' }).click()
  const secretDialog = page.getByRole('dialog', { name: 'Copy the client secret now' })
  const clientId = (await secretDialog.getByTestId('client-id').textContent()) ?? ''
  const secret = (await secretDialog.getByTestId('client-secret').textContent()) ?? ''
  expect(secret.length).toBeGreaterThan(20)
  await expect(dialog).toBeHidden()
  await expectAccessible(page, 'API client secret')
  await secretDialog.getByRole('button', { name: 'I have stored the secret' }).click()
  await expect(page.getByText(secret)).toHaveCount(0)
  await expect(page.getByRole('listitem', { name: 'Compliance engine' })).toContainText('Never used')
  await expectAccessible(page, 'API clients')
  await snapshot(page, 'api-clients')

  // The API documentation explains both ways to authorise.
  const description = ((await (await request.get('/openapi.json')).json()) as { info: { description: string } }).info.description
  expect(description).toContain('How to authorise')
  expect(description).toContain('POST /oauth/token')
  expect(description).toContain('X-CSRF-Token')

  // The engine's side: a token by client credentials, then the API with it.
  const token = await request.post('/oauth/token', {
    form: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret },
  })
  expect(token.status()).toBe(200)
  const accessToken = ((await token.json()) as { access_token: string }).access_token
  const headers = { Authorization: `Bearer ${accessToken}` }
  const results = await request.get(`/api/v1/organizations/${orgId}/compliance-results`, { headers })
  expect(results.status()).toBe(200)
  expect(await results.text()).toContain('NSQHS-3')
  await page.reload()
  await expect(page.getByRole('listitem', { name: 'Compliance engine' })).not.toContainText('Never used')

  await page.getByRole('button', { name: 'Revoke Compliance engine' }).click()
  await page.getByRole('button', { name: 'Revoke client' }).click()
  await expect(page.getByRole('listitem', { name: 'Compliance engine' })).toContainText('Revoked')
  const refused = await request.get(`/api/v1/organizations/${orgId}/compliance-results`, { headers })
  expect(refused.status()).toBe(401)
})

test('a session that ends mid-task sends the person to sign in, says why, and returns to the same page', async ({ page, browser }) => {
  await signIn(page, owner)
  await expect(page).toHaveURL(/\/organizations\//)
  await page.goto(`/organizations/${orgId}/documents`)
  await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible()

  // Elsewhere, the same person signs out every other session (as after a lost laptop).
  const other = await newPage(browser)
  await signIn(other, owner)
  await expect(other).toHaveURL(/\/organizations\//)
  await other.goto('/account/security')
  await other.getByRole('button', { name: 'Sign out all other sessions' }).click()
  await other.getByRole('button', { name: 'Sign out other sessions' }).click()
  await expect(other.getByText('Other sessions signed out')).toBeVisible()
  await other.context().close()

  // The next request of the first browser finds its session gone.
  await page.getByRole('link', { name: 'Compliance results' }).click()
  await expect(page).toHaveURL(/\/login\?next=%2Forganizations%2F[0-9a-f-]+%2Fcompliance&reason=expired/)
  await expect(page.getByText('Your session ended')).toBeVisible()
  await expectAccessible(page, 'login after session end')
  await page.getByLabel('Email', { exact: true }).fill(owner.email)
  await page.getByLabel(/^Password/).fill(owner.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`/organizations/${orgId}/compliance$`))
  await expect(page.getByRole('heading', { level: 1, name: 'Compliance results' })).toBeVisible()
})

test('an idle session warns first: "Stay signed in" keeps the person on the page, and the idle sign-out comes back to it', async ({ page }) => {
  // The browser's clock is Playwright's, so half an hour passes in a moment; the server's is real
  // (the app reads the session's end on the server's clock, from the Date header).
  await page.clock.install()
  await signIn(page, colleague)
  await expect(page).toHaveURL(new RegExp(`/organizations/${orgId}/`))
  await page.goto(documentUrl)
  await expect(page.getByRole('heading', { level: 1, name: 'policy.txt' })).toBeVisible()

  // 28½ minutes without a request: the server's 30-minute idle limit is two minutes away at most.
  await page.clock.fastForward('28:30')
  const warning = page.getByRole('dialog', { name: 'Are you still there?' })
  await expect(warning).toBeVisible()
  await expect(warning.getByRole('timer')).toHaveText(/^[01]:[0-5]\d$/)
  await expect(warning.getByRole('button', { name: 'Stay signed in', exact: true })).toBeFocused()
  await expectAccessible(page, 'idle warning')
  await snapshot(page, 'idle-warning')
  await warning.getByRole('button', { name: 'Stay signed in', exact: true }).click()
  await expect(warning).toBeHidden()
  await expect(page).toHaveURL(new RegExp(`${documentUrl}$`))
  await expect(page.getByRole('heading', { level: 1, name: 'policy.txt' })).toBeVisible()

  // Away again, past the limit: signed out, told why, and back on the document after signing in.
  await page.clock.fastForward('31:00')
  await expect(page).toHaveURL(/\/login\?next=%2Forganizations%2F[0-9a-f-]+%2Fdocuments%2F[0-9a-f-]+&reason=idle/)
  await expect(page.getByText('You were signed out after a period without activity')).toBeVisible()
  await expectAccessible(page, 'login after the idle sign-out')
  // The session really ended on the server too.
  expect((await page.request.get('/api/v1/auth/session')).status()).toBe(401)
  await page.getByLabel('Email', { exact: true }).fill(colleague.email)
  await page.getByLabel(/^Password/).fill(colleague.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`${documentUrl}$`))
  await expect(page.getByRole('heading', { level: 1, name: 'policy.txt' })).toBeVisible()
})

test("another organisation's member cannot open this organisation's pages or documents", async ({ page }) => {
  await signUp(page, stranger, `Bayside Physio ${Date.now().toString(36)}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your organisation' })).toBeVisible()
  strangerOrgId = orgIdOf(page)

  for (const path of [`/organizations/${orgId}/dashboard`, `/organizations/${orgId}/members`, documentUrl]) {
    await page.goto(path)
    await expect(page.getByRole('heading', { name: "You don't have access to this organisation" })).toBeVisible()
    await expect(page.getByText(orgName)).toHaveCount(0)
  }
  await expectAccessible(page, 'no access')
  // The API says the same thing, without a trace of the data.
  const documentId = documentUrl.split('/').at(-1) ?? ''
  const response = await page.request.get(`/api/v1/organizations/${orgId}/documents/${documentId}`)
  expect(response.status()).toBe(404)
  expect(await response.text()).not.toContain('policy.txt')
  const content = await page.request.get(`/api/v1/organizations/${orgId}/documents/${documentId}/content`)
  expect(content.status()).toBe(404)
})

test('a person in two organisations switches between them', async ({ page }) => {
  await signIn(page, owner)
  await expect(page.getByTestId('org-switcher')).toContainText(orgName)
  const second = `Northside Aged Care ${Date.now().toString(36)}`
  await page.goto('/organizations/new')
  await page.getByLabel('Organisation name').fill(second)
  await page.getByRole('button', { name: 'Create organisation' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your organisation' })).toBeVisible()
  await expect(page.getByTestId('org-switcher')).toContainText(second)
  Object.assign(secondOrg, { id: orgIdOf(page), name: second })

  await page.getByTestId('org-switcher').click()
  await page.getByRole('menuitem', { name: new RegExp(orgName) }).click()
  await expect(page).toHaveURL(new RegExp(`/organizations/${orgId}/dashboard`))
  await expect(page.getByRole('heading', { level: 1, name: orgName })).toBeVisible()
  await expect(page.getByTestId('org-switcher')).toContainText(orgName)
})

test("changing the password signs the person's other browsers out", async ({ page, browser }) => {
  await signIn(page, colleague)
  await expect(page).toHaveURL(new RegExp(`/organizations/${orgId}/`))
  const other = await newPage(browser)
  await signIn(other, colleague)
  await expect(other).toHaveURL(new RegExp(`/organizations/${orgId}/`))

  await page.goto('/account/security')
  await expect(page.getByRole('heading', { level: 1, name: 'My security' })).toBeVisible()
  await expectAccessible(page, 'security')
  await snapshot(page, 'security')
  const section = page.getByRole('region', { name: 'Password' })
  await section.getByLabel(/^Current password/).fill(colleague.password)
  await section.getByLabel(/^New password/).fill(NEW_PASSWORD)
  await section.getByLabel(/^Confirm new password/).fill(NEW_PASSWORD)
  await section.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByText('Your other sessions have been signed out.', { exact: false })).toBeVisible()

  // The other browser is signed out on its next request; this one stays in.
  await other.goto(`/organizations/${orgId}/documents`)
  await expect(other).toHaveURL(/\/login\?next=/)
  await page.goto(`/organizations/${orgId}/documents`)
  await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible()
  await other.context().close()

  // The new password works.
  const again = await newPage(browser)
  await signIn(again, colleague, NEW_PASSWORD)
  await expect(again).toHaveURL(new RegExp(`/organizations/${orgId}/`))
  await again.context().close()
})

test('a person who already has an account joins by signing in from the emailed invitation', async ({ page, browser }) => {
  await signIn(page, owner)
  await expect(page).toHaveURL(/\/organizations\//)
  const dialog = await invite(page, stranger.email)
  // The link is only in the email to that address.
  await expect(dialog.getByRole('button', { name: 'Copy link' })).toHaveCount(0)
  await expect(dialog.getByText('token=')).toHaveCount(0)

  const other = await newPage(browser)
  const invitation = await linkFromEmail(stranger.email, /invit/i, '/invitations/accept?token=')
  await other.goto(invitation)
  await expect(other.getByRole('heading', { level: 1, name: `Join ${orgName}` })).toBeVisible()
  // A second account for the address is refused (401 sign-in-required), with the way to sign in.
  await other.getByLabel('First name').fill(stranger.first)
  await other.getByLabel('Last name').fill(stranger.last)
  await other.getByLabel(/^Password/).fill(NEW_PASSWORD)
  await other.getByRole('button', { name: 'Create account and accept' }).click()
  await expect(other.getByText(`${stranger.email} already has a Vigil account`).first()).toBeVisible()
  await other.getByRole('link', { name: 'Sign in to accept' }).first().click()
  await expect(other).toHaveURL(/\/login\?next=/)
  await other.getByLabel('Email', { exact: true }).fill(stranger.email)
  await other.getByLabel(/^Password/).fill(stranger.password)
  await other.getByRole('button', { name: 'Sign in', exact: true }).click()
  // Back on the invitation, signed in as the invited address.
  await other.getByRole('button', { name: `Accept as ${stranger.email}` }).click()
  await expect(other).toHaveURL(new RegExp(`/organizations/${orgId}/dashboard`))
  await expect(other.getByTestId('org-switcher')).toContainText(orgName)
  await other.context().close()
})

/** Largest contentful paint of the page as loaded, in ms (null when the browser reported none). */
async function largestPaint(page: Page): Promise<number | null> {
  // A string: the e2e type check has no DOM types.
  const value = await page.evaluate(`new Promise((resolve) => {
    let last = null
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) last = entry.startTime
    }).observe({ type: 'largest-contentful-paint', buffered: true })
    setTimeout(() => resolve(last === null ? null : Math.round(last)), 300)
  })`)
  return typeof value === 'number' ? value : null
}

/** One page (or state of a page) of the sweep. */
interface SweepPage {
  name: string
  /** A function when it needs a fresh emailed link: asked for just before the page is opened. */
  path: string | (() => Promise<string>)
  heading: RegExp | string
  /** What the person does once it is open to reach the state swept (a wizard step, a form sent). */
  then?: (page: Page) => Promise<void>
  /** A filled button that must be in the organisation's colour. */
  primary?: string
}

/** "rgb(11, 110, 79)" for "#0b6e4f", as computed styles say it. */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16)
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`
}

/**
 * The emailed-link pages in their success states, each opened with a real link from the mail
 * catcher. Links work once, so every call signs up a new person (in a browser of their own) and
 * asks for each link just before its page is opened.
 */
function emailedLinkPages(browser: Browser, request: APIRequestContext): { pages: SweepPage[]; close: () => Promise<void> } {
  const person: Person = { first: 'Alex', last: 'Sweeney', email: uniqueEmail('sweep'), password: PASSWORD }
  let own: Page | null = null
  const theirBrowser = async () => (own ??= await newPage(browser))
  const pages: SweepPage[] = [
    {
      name: 'verify-email-done',
      path: async () => {
        await startSignUp(await theirBrowser(), person, `Wattle Physio ${Date.now().toString(36)}`)
        return linkFromEmail(person.email, /verif/i, '/verify-email?token=')
      },
      heading: 'Your email is verified',
    },
    {
      name: 'unlock-done',
      path: async () => {
        // Five wrong passwords pause sign-in, and the email says how to unlock it sooner.
        for (let attempt = 0; attempt < 5; attempt += 1) {
          const refused = await request.post('/api/v1/auth/login', { data: { email: person.email, password: 'not the right password' } })
          expect(refused.ok()).toBe(false)
        }
        return linkFromEmail(person.email, /locked/i, '/unlock?token=')
      },
      heading: 'Your account is unlocked',
    },
    {
      name: 'reset-password-done',
      path: async () => {
        const page = await theirBrowser()
        await page.goto('/forgot-password')
        await page.getByLabel('Email', { exact: true }).fill(person.email)
        await page.getByRole('button', { name: 'Send reset link' }).click()
        await expect(page.getByText(/If an account exists for that address/)).toBeVisible({ timeout: 60_000 })
        return linkFromEmail(person.email, /reset/i, '/reset-password?token=')
      },
      then: async (page) => {
        await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible()
        await page.getByLabel(/^New password/).fill(NEW_PASSWORD)
        await page.getByLabel(/^Confirm new password/).fill(NEW_PASSWORD)
        await page.getByRole('button', { name: 'Set new password' }).click()
        await expect(page.getByText('Your password was changed. Sign in with the new one.')).toBeVisible()
        person.password = NEW_PASSWORD
      },
      heading: 'Sign in',
    },
    {
      name: 'confirm-email-done',
      path: async () => {
        const page = await theirBrowser()
        await signIn(page, person)
        await expect(page).toHaveURL(/\/organizations\//)
        await page.goto('/account/security')
        const section = page.getByRole('region', { name: 'Email address' })
        const newEmail = uniqueEmail('sweep-new')
        await section.getByLabel('New email address').fill(newEmail)
        await section.getByLabel(/^Current password/).fill(person.password)
        await section.getByRole('button', { name: 'Change email' }).click()
        await expect(section.getByText(`We sent the link to ${newEmail}`)).toBeVisible()
        return linkFromEmail(newEmail, /confirm your new email/i, '/confirm-email?token=')
      },
      heading: 'Your email address is changed',
    },
  ]
  return {
    pages,
    close: async () => {
      await own?.context().close()
    },
  }
}

test('every page at phone and desktop width: no clipped layout, axe clean, screenshots and LCP', async ({ browser, request }) => {
  test.setTimeout(600_000)
  const documentId = documentUrl.split('/').at(-1) ?? ''

  // States no earlier test leaves a page for, set up by the owner in a browser of their own.
  const setup = await newPage(browser)
  await signIn(setup, owner)
  await expect(setup).toHaveURL(/\/organizations\//)
  // A pending invitation, whose page is opened from the email.
  const invitee = uniqueEmail('invitee')
  await invite(setup, invitee)
  const invitation = await linkFromEmail(invitee, /invit/i, '/invitations/accept?token=')
  // An organisation part-way through setup, with its details skipped.
  await setup.goto('/organizations/new')
  await setup.getByLabel('Organisation name').fill(`Kookaburra Dental ${Date.now().toString(36)}`)
  await setup.getByRole('button', { name: 'Create organisation' }).click()
  await expect(setup.getByRole('heading', { level: 1, name: 'Set up your organisation' })).toBeVisible()
  const newOrgId = orgIdOf(setup)
  await setup.getByRole('button', { name: 'Skip for now' }).click()
  await expect(setup.getByRole('heading', { level: 2, name: 'Branding' })).toBeVisible()
  // The owner deletes their second organisation: only its "deleted" page is left, to restore it.
  await setup.goto(`/organizations/${secondOrg.id}/settings?tab=danger`)
  await setup.getByRole('button', { name: 'Delete organisation' }).click()
  const deleting = setup.getByRole('dialog', { name: `Delete ${secondOrg.name}?` })
  await deleting.getByLabel('Type the organisation name to confirm').fill(secondOrg.name)
  await deleting.getByRole('button', { name: 'Delete this organisation' }).click()
  await expect(setup).toHaveURL(new RegExp(`/organizations/${secondOrg.id}/deleted$`))
  await setup.context().close()

  // Opens a step of the wizard from the stepper, as a person going back to it would.
  const onboardingStep = (title: string) => async (page: Page) => {
    await page.getByRole('button', { name: new RegExp(title) }).click()
    await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible()
  }
  const pages: SweepPage[] = [
    { name: 'dashboard', path: `/organizations/${orgId}/dashboard`, heading: orgName },
    { name: 'documents', path: `/organizations/${orgId}/documents`, heading: 'Documents' },
    { name: 'document', path: `/organizations/${orgId}/documents/${documentId}`, heading: 'policy.txt', primary: 'Record a result' },
    { name: 'compliance-results', path: `/organizations/${orgId}/compliance`, heading: 'Compliance results' },
    { name: 'reports', path: `/organizations/${orgId}/reports`, heading: 'Reports', primary: 'Generate compliance summary' },
    { name: 'members', path: `/organizations/${orgId}/members`, heading: 'Members', primary: 'Invite people' },
    { name: 'api-clients', path: `/organizations/${orgId}/api-clients`, heading: 'API clients', primary: 'Create API client' },
    { name: 'audit-log', path: `/organizations/${orgId}/audit`, heading: /Audit log/ },
    { name: 'settings', path: `/organizations/${orgId}/settings`, heading: 'Organisation settings', primary: 'Save changes' },
    // Inactive tabs stay hidden and unfetched until opened: this one must load when it is.
    { name: 'settings-security', path: `/organizations/${orgId}/settings?tab=security`, heading: 'Organisation settings' },
    {
      name: 'onboarding-done',
      path: `/organizations/${orgId}/onboarding`,
      heading: 'Set up your organisation',
      then: async (page) => await expect(page.getByRole('heading', { level: 2, name: `Done: ${orgName} is ready` })).toBeVisible(),
      primary: 'Go to dashboard',
    },
    {
      // Opens at the first step still to do; the skipped one before it says so.
      name: 'onboarding-branding',
      path: `/organizations/${newOrgId}/onboarding`,
      heading: 'Set up your organisation',
      then: async (page) => {
        await expect(page.getByRole('heading', { level: 2, name: 'Branding' })).toBeVisible()
        await expect(page.getByRole('button', { name: /Organisation details/ })).toContainText('Skipped')
      },
    },
    {
      name: 'onboarding-details',
      path: `/organizations/${newOrgId}/onboarding`,
      heading: 'Set up your organisation',
      then: onboardingStep('Organisation details'),
    },
    {
      name: 'onboarding-invite',
      path: `/organizations/${newOrgId}/onboarding`,
      heading: 'Set up your organisation',
      then: onboardingStep('Invite your team'),
    },
    // A signed-in person opening an organisation they do not belong to.
    { name: 'no-access', path: `/organizations/${strangerOrgId}/dashboard`, heading: "You don't have access to this organisation" },
    { name: 'deleted-organization', path: `/organizations/${secondOrg.id}/deleted`, heading: 'Organisation scheduled for deletion' },
    { name: 'security', path: '/account/security', heading: 'My security' },
    { name: 'profile', path: '/account/profile', heading: 'Profile' },
    { name: 'new-organization', path: '/organizations/new', heading: 'Create an organisation' },
    { name: 'not-found', path: '/no/such/page', heading: 'Page not found' },
  ]
  const publicPages: SweepPage[] = [
    { name: 'login', path: '/login', heading: 'Sign in' },
    { name: 'signup', path: '/signup', heading: 'Create your account' },
    { name: 'forgot-password', path: '/forgot-password', heading: /password/i },
    { name: 'terms', path: '/terms', heading: 'Terms of service' },
    { name: 'privacy', path: '/privacy', heading: 'Privacy policy' },
    // Opened from a real invitation email, in the organisation's colours.
    { name: 'accept-invitation', path: invitation, heading: `Join ${orgName}`, primary: 'Create account and accept' },
    // The emailed-link pages, opened without their token: what someone with a broken link sees.
    { name: 'verify-email', path: '/verify-email', heading: 'Verify your email' },
    { name: 'reset-password', path: '/reset-password', heading: 'Choose a new password' },
    { name: 'confirm-email', path: '/confirm-email', heading: 'Confirm your new email' },
    { name: 'unlock', path: '/unlock', heading: 'Unlock your account' },
    { name: 'not-me', path: '/not-me', heading: /This wasn.t me/ },
  ]
  // Where each state was, without ids or tokens.
  const ids: [string, string][] = [
    [orgId, '{org}'],
    [documentId, '{doc}'],
    [newOrgId, '{new-org}'],
    [strangerOrgId, '{other-org}'],
    [secondOrg.id, '{deleted-org}'],
  ]
  const template = (url: string) =>
    ids.reduce((text, [id, name]) => (id ? text.replaceAll(id, name) : text), url).replace(/token=[^&]+/, 'token={token}')
  const measured: { page: string; state: string; width: number; lcp_ms: number | null; axe: string }[] = []

  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    const context = await browser.newContext({ viewport })
    const page = await context.newPage()
    const requests = traceApi(page)
    // The browser is an Australian user's (playwright.config.ts).
    expect(await page.evaluate('[navigator.language, Intl.DateTimeFormat().resolvedOptions().timeZone]')).toEqual(['en-AU', 'Australia/Sydney'])
    const phone = viewport.width < 992

    /** Opens the page, waits for its state and data, then checks and records it. */
    const sweep = async (info: SweepPage, check?: () => Promise<void>) => {
      const name = `${info.name} at ${viewport.width}px`
      await page.goto(typeof info.path === 'string' ? info.path : await info.path())
      await info.then?.(page)
      await expect(page.getByRole('heading', { level: 1, name: info.heading })).toBeVisible()
      // Wait for the page's data, not its skeletons.
      await expectLoaded(page, name, requests)
      const lcp = await largestPaint(page)
      await check?.()
      // The organisation's colour on its pages: the header and the page's primary button.
      if (typeof info.path === 'string' && info.path.startsWith(`/organizations/${orgId}/`)) {
        await expect(page.locator('.mantine-AppShell-header'), `${name}: header colour`).toHaveCSS('background-color', rgb(BRAND))
      }
      if (info.primary) {
        await expect(page.getByRole('button', { name: info.primary, exact: true }), `${name}: primary colour`).toHaveCSS('background-color', rgb(BRAND))
      }
      // Nothing wider than the screen: tables scroll inside their container or become cards.
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'))
      expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(1)
      await expectAccessible(page, name)
      await snapshot(page, `${info.name}-${viewport.width}`)
      const at = new URL(page.url())
      measured.push({ page: template(at.pathname + at.search), state: info.name, width: viewport.width, lcp_ms: lcp, axe: 'no serious or critical violations' })
    }
    /** Phones get the list named `label` as cards; wider screens its table. */
    const expectCardsOnPhones = async (label: string) => {
      await expect(page.getByRole('list', { name: label })).toHaveCount(phone ? 1 : 0)
      await expect(page.getByRole('table', { name: label })).toHaveCount(phone ? 0 : 1)
    }

    const emailed = emailedLinkPages(browser, request)
    for (const info of [...publicPages, ...emailed.pages]) await sweep(info)
    await emailed.close()

    await signIn(page, owner)
    await expect(page).toHaveURL(/\/organizations\//)
    for (const info of pages) {
      await sweep(info, async () => {
        if (info.name === 'settings-security') {
          await expect(page.getByRole('form', { name: 'Security policy' })).toBeVisible()
        }
        if (info.name === 'members') {
          // Phones get cards, with every action on them.
          await expectCardsOnPhones('Members')
          if (phone) {
            await expect(page.getByRole('listitem', { name: `${owner.first} ${owner.last}` })).toBeVisible()
            await expect(page.getByRole('listitem', { name: `${colleague.first} ${colleague.last}` }).getByRole('button', { name: 'Remove' })).toBeVisible()
          }
        }
        if (info.name === 'documents') {
          // Phones get cards with Download on each, not a table to scroll sideways.
          await expect(page.getByRole('list', { name: 'Documents' })).toHaveCount(phone ? 1 : 0)
          if (phone) {
            await expect(page.getByRole('listitem', { name: 'policy.txt' }).first().getByRole('link', { name: 'Download' })).toBeVisible()
          }
        }
        if (info.name === 'audit-log') await expectCardsOnPhones('Audit events')
        if (info.name === 'security') {
          await expectCardsOnPhones('Sessions')
          await expectCardsOnPhones('Recent activity')
          // The owner's other browsers can be signed out from their cards.
          const sessions = page.getByRole(phone ? 'list' : 'table', { name: 'Sessions' })
          await expect(sessions.getByRole('button', { name: /^Sign out ./ }).first()).toBeVisible()
        }
      })
    }
    await context.close()
  }
  await writeFile('e2e-screenshots/pages.json', JSON.stringify(measured, null, 2))
})
