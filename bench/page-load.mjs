// Page load in Chromium for scripts/bench: the login, signup and dashboard pages, each loaded
// RUNS times in a fresh browser context (cold HTTP cache), median of each measure.
//   node bench/page-load.mjs URL EMAIL PASSWORD OUT.jsonl [RUNS]
// Appends one JSON object per page to OUT.jsonl: navigation timing (DOMContentLoaded, load),
// largest contentful paint, and the JavaScript and CSS transferred before that paint (and their
// decoded size), and all JavaScript once the page is idle.
import { appendFile } from 'node:fs/promises'
import { createRequire } from 'node:module'

// Playwright is a dependency of the web app, not of this folder.
const require = createRequire(new URL('../web/package.json', import.meta.url))
const { chromium } = require('@playwright/test')

const [url, email, password, out, runsArg] = process.argv.slice(2)
if (!url || !email || !password || !out) {
  console.error('usage: node bench/page-load.mjs URL EMAIL PASSWORD OUT.jsonl [RUNS]')
  process.exit(2)
}
const runs = Number(runsArg ?? 5)

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
})

// The session the dashboard needs, signed in once through the API.
async function signedInState() {
  const context = await browser.newContext()
  const response = await context.request.post(`${url}/api/v1/auth/login`, {
    data: { email, password },
    headers: { Origin: url },
  })
  if (response.status() !== 200) throw new Error(`sign-in for the dashboard failed: ${response.status()}`)
  const session = await response.json()
  const state = await context.storageState()
  await context.close()
  return { state, orgId: session.current_organization_id }
}

async function loadOnce(path, storageState, ready) {
  const context = await browser.newContext({ storageState })
  const page = await context.newPage()
  await page.addInitScript(() => {
    window.__lcp = 0
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__lcp = entry.startTime
    }).observe({ type: 'largest-contentful-paint', buffered: true })
  })
  await page.goto(url + path, { waitUntil: 'load' })
  await ready(page)
  await page.waitForLoadState('networkidle')
  const finalPath = new URL(page.url()).pathname
  const measured = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation')
    const lcp = window.__lcp
    const resources = performance.getEntriesByType('resource')
    const ext = (r) => new URL(r.name).pathname.split('.').pop()
    // Initial: requested before the largest paint, i.e. needed to show the page. The rest
    // (zxcvbn's dictionaries, the CAPTCHA worker) loads after it.
    const initial = resources.filter((r) => r.startTime <= lcp)
    const sum = (list, kind, field) => list.filter((r) => ext(r) === kind).reduce((n, r) => n + r[field], 0)
    const count = (list, kind) => list.filter((r) => ext(r) === kind).length
    return {
      dcl_ms: nav.domContentLoadedEventEnd,
      load_ms: nav.loadEventEnd,
      lcp_ms: lcp,
      js_files: count(initial, 'js'),
      js_transferred: sum(initial, 'js', 'transferSize'),
      js_decoded: sum(initial, 'js', 'decodedBodySize'),
      css_files: count(initial, 'css'),
      css_transferred: sum(initial, 'css', 'transferSize'),
      css_decoded: sum(initial, 'css', 'decodedBodySize'),
      all_js_files: count(resources, 'js'),
      all_js_transferred: sum(resources, 'js', 'transferSize'),
    }
  })
  await context.close()
  return { ...measured, final_path: finalPath }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const { state, orgId } = await signedInState()
const pages = [
  { name: 'login', path: '/login', ready: (p) => p.getByLabel(/password/i).first().waitFor() },
  { name: 'signup', path: '/signup', ready: (p) => p.getByLabel(/organisation name/i).first().waitFor() },
  {
    name: 'dashboard',
    path: `/organizations/${orgId}/dashboard`,
    storageState: state,
    ready: (p) => p.getByRole('heading', { level: 1 }).first().waitFor(),
  },
]

for (const { name, path, storageState, ready } of pages) {
  const samples = []
  for (let i = 0; i < runs; i++) samples.push(await loadOnce(path, storageState, ready))
  const wrong = samples.find((s) => s.final_path !== path)
  if (wrong) throw new Error(`${name}: ${path} ended at ${wrong.final_path}`)
  const result = { page: name, path: path.replace(orgId, '{org}'), runs }
  for (const key of Object.keys(samples[0]).filter((k) => k !== 'final_path')) {
    result[key] = median(samples.map((s) => s[key]))
  }
  await appendFile(out, JSON.stringify(result) + '\n')
  console.log(
    `${name.padEnd(10)} DOMContentLoaded ${result.dcl_ms.toFixed(0)} ms, load ${result.load_ms.toFixed(0)} ms, ` +
      `LCP ${result.lcp_ms.toFixed(0)} ms, initial JS ${(result.js_transferred / 1024).toFixed(1)} KB transferred ` +
      `(${result.js_files} files; ${(result.all_js_transferred / 1024).toFixed(1)} KB once idle), ` +
      `CSS ${(result.css_transferred / 1024).toFixed(1)} KB`,
  )
}
await browser.close()
