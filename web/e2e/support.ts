import { createHmac } from 'node:crypto'
import { AxeBuilder } from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

const maildev = process.env.VIGIL_E2E_MAILDEV_URL ?? 'http://127.0.0.1:1080'

let counter = 0

/** A unique address per run and call, so tests never see each other's mail. */
export function uniqueEmail(name: string): string {
  counter += 1
  return `${name}.${Date.now().toString(36)}${counter}@e2e.vigil.test`
}

export const PASSWORD = 'correct horse battery staple meadow'
export const NEW_PASSWORD = 'lantern orbit pebble harmonica quietly'

interface MailAddress {
  address: string
}
interface Mail {
  subject: string
  to: MailAddress[]
  text?: string
  html?: string
}

/** Waits for a message to `to` whose subject matches, and returns the first link to Vigil in it. */
export async function linkFromEmail(to: string, subject: RegExp, path: string): Promise<string> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const response = await fetch(`${maildev}/api/email`)
    const mails = (await response.json()) as Mail[]
    const mail = mails
      .filter((m) => m.to.some((a) => a.address.toLowerCase() === to.toLowerCase()) && subject.test(m.subject))
      .at(-1)
    const match = mail?.text?.match(new RegExp(`https?://[^\\s"<>]*${path.replace(/[?]/g, '\\?')}[^\\s"<>]*`))
    if (match) return new URL(match[0]).pathname + new URL(match[0]).search
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  throw new Error(`no email to ${to} matching ${subject} with a ${path} link`)
}

/** axe-core: no serious or critical violations on the page as it is now. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  // Mid-transition opacity (a modal fading out as the next one opens) makes axe misjudge
  // contrast: let transitions finish first. Toasts come and go on their own, so axe skips them.
  // Awaits each animation's own `finished` (the browser's timeline, not JS timers, which a test
  // may have faked with page.clock). Typed by hand: this file is checked without the DOM library.
  await page.evaluate(async () => {
    type Animation = {
      playState: string
      finished: Promise<unknown>
      effect: { getTiming(): { iterations?: number } } | null
    }
    const { document } = globalThis as unknown as { document: { getAnimations(): Animation[] } }
    const finite = document
      .getAnimations()
      .filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity)
    // A cancelled animation rejects `finished`: it is over either way.
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)))
  })
  const results = await new AxeBuilder({ page }).exclude('.mantine-Notifications-root').analyze()
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `accessibility of ${name}`,
  ).toEqual([])
}

/** Saves a full-page screenshot for reviewers (not committed). */
export async function snapshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e-screenshots/${name}.png`, fullPage: true })
}

const ABN_WEIGHTS = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]

/** A valid ABN (modulus 89) that no other run has used, since ABNs are unique. */
export function randomAbn(): string {
  for (;;) {
    const tail = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10))
    for (let first = 1; first <= 9; first += 1) {
      for (let second = 0; second <= 9; second += 1) {
        const digits = [first - 1, second, ...tail]
        const sum = digits.reduce((total, d, i) => total + d * (ABN_WEIGHTS[i] ?? 0), 0)
        if (sum % 89 === 0) return [first, second, ...tail].join('')
      }
    }
  }
}

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(char)
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** The code an authenticator app shows for a base32 secret (RFC 6238: SHA-1, 6 digits, 30 s). */
export function totp(secret: string, at = Date.now()): string {
  const step = Buffer.alloc(8)
  step.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)))
  const hash = createHmac('sha1', base32Decode(secret)).update(step).digest()
  const offset = (hash[hash.length - 1] ?? 0) & 15
  return ((hash.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0')
}

/**
 * Waits until the page shows no visible loading placeholders. When one stays, the failure names it and
 * every API request still unanswered or answered with an error, so a stuck page can be traced.
 */
export async function expectLoaded(page: Page, name: string, requests: ApiTrace): Promise<void> {
  // Visible ones only: an inactive tab is rendered hidden (React <Activity>) with its effects
  // paused, so its placeholder stays until the tab is opened, as it should.
  const loading = page.locator('[aria-label^="Loading"]:visible')
  try {
    await expect(loading).toHaveCount(0)
  } catch (error) {
    const labels = await loading.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label')))
    throw new Error(
      `${name} still shows ${labels.join(', ')}; API requests unanswered: ${[...requests.pending].join(', ') || 'none'}; ` +
        `answered with an error: ${requests.failed.join(', ') || 'none'}`,
      { cause: error },
    )
  }
}

/** API requests of a page still unanswered, and those that failed (for {@link expectLoaded}). */
export interface ApiTrace {
  pending: Set<string>
  failed: string[]
}

export function traceApi(page: Page): ApiTrace {
  const trace: ApiTrace = { pending: new Set(), failed: [] }
  const name = (request: { method(): string; url(): string }) => `${request.method()} ${new URL(request.url()).pathname}`
  page.on('request', (request) => {
    if (request.url().includes('/api/')) trace.pending.add(name(request))
  })
  page.on('requestfinished', (request) => {
    trace.pending.delete(name(request))
    void request.response().then((response) => {
      if (response && response.status() >= 400) trace.failed.push(`${name(request)} → ${response.status()}`)
    })
  })
  page.on('requestfailed', (request) => {
    trace.pending.delete(name(request))
    trace.failed.push(`${name(request)} → ${request.failure()?.errorText ?? 'failed'}`)
  })
  return trace
}

/** Someone who signs up in a test. */
export interface NewPerson {
  first: string
  last: string
  email: string
  password: string
}

/**
 * Signs an organisation up through the page, verifies the address by the emailed link and signs
 * in with the password: the person lands in onboarding.
 */
export async function signUpVerified(page: Page, person: NewPerson, organisation: string): Promise<void> {
  await page.goto('/signup')
  await page.getByLabel('Organisation name').fill(organisation)
  await page.getByLabel('First name').fill(person.first)
  await page.getByLabel('Last name').fill(person.last)
  await page.getByLabel('Work email').fill(person.email)
  await page.getByLabel(/^Password/).fill(person.password)
  await page.getByLabel('I accept the terms of service and privacy policy').check()
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible({ timeout: 60_000 })
  await page.goto(await linkFromEmail(person.email, /verif/i, '/verify-email?token='))
  await expect(page.getByRole('heading', { level: 1, name: 'Your email is verified' })).toBeVisible()
  await signInWithPassword(page, person)
  await expect(page.getByRole('heading', { level: 1, name: 'Set up your organisation' })).toBeVisible()
}

/** Fills in and sends the sign-in form (a second step may follow). */
export async function signInWithPassword(page: Page, person: NewPerson): Promise<void> {
  await page.goto('/login')
  await page.getByLabel('Email', { exact: true }).fill(person.email)
  await page.getByLabel(/^Password/).fill(person.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

/** Signs out from the account menu. */
export async function signOutFromMenu(page: Page, person: NewPerson): Promise<void> {
  await page.getByRole('button', { name: `Account menu for ${person.first} ${person.last}` }).click()
  await page.getByRole('menuitem', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login/)
}
