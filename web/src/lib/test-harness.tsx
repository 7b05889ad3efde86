// Test-only helpers: render feature routes in jsdom against a mocked API (through the real
// `api` client, so request shapes and error handling are exercised). Not used by the app.

import { MantineProvider } from '@mantine/core'
import { Notifications, notifications } from '@mantine/notifications'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createRoot } from 'react-dom/client'
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router'
import { StepUpDialog } from '@/components/StepUpDialog'
import { BrandColoursProvider } from './brand-colours'
import { api } from './api/client'
import type { Membership, Permission, Role } from './session'

export type MockHandler = (request: Request, url: URL) => Response | undefined | Promise<Response | undefined>

let handler: MockHandler | null = null
let installed = false
/** Every request made since the last `mockApi`, as "METHOD /path?query". */
export const calls: string[] = []

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  })
}

export function problem(status: number, code: string, detail?: string): Response {
  return json({ type: `urn:vigil:problem:${code}`, title: code, status, code, detail }, status)
}

/** Answers the app's API requests with `next` (unanswered ones get a 404 problem). */
export function mockApi(next: MockHandler): void {
  handler = next
  calls.length = 0
  if (installed) return
  installed = true
  api.use({
    async onRequest({ request }) {
      const url = new URL(request.url)
      calls.push(`${request.method} ${url.pathname}${url.search}`)
      return (await handler?.(request, url)) ?? problem(404, 'not-found')
    },
  })
}

/** What jsdom lacks and Mantine needs. */
export function installDomShims(): void {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener() {},
      removeListener() {},
      addEventListener() {},
      removeEventListener() {},
      dispatchEvent: () => false,
    }),
  })
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver
  window.HTMLElement.prototype.scrollIntoView = () => {}
  // Mantine's autosizing Textarea listens for web fonts loading.
  if (!('fonts' in document)) {
    Object.defineProperty(document, 'fonts', { value: { addEventListener() {}, removeEventListener() {} } })
  }
}

/**
 * Renders as on a phone (every max-width media query matches) until the returned function is
 * called; call it in a `finally` or an `afterEach`.
 */
export function pretendPhone(): () => void {
  const desktop = window.matchMedia
  window.matchMedia = ((query: string) => ({ ...desktop(query), matches: query.includes('max-width') })) as typeof window.matchMedia
  return () => {
    window.matchMedia = desktop
  }
}

/** The cards of the list named `label` (lists become cards on phones). */
export function cards(label: string): HTMLLIElement[] {
  return Array.from(document.querySelectorAll<HTMLLIElement>(`ul[aria-label="${label}"] > li`))
}

export async function renderRoutes(routes: RouteObject[], path: string) {
  const router = createMemoryRouter(
    [
      {
        path: '/',
        hydrateFallbackElement: <div>Loading</div>,
        children: [...routes, { path: '*', element: <div>Another page</div> }],
      },
    ],
    { initialEntries: [path] },
  )
  // As the app's client (App.tsx): lists that refresh on window focus opt in themselves.
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } })
  const container = document.createElement('div')
  document.body.appendChild(container)
  const root = createRoot(container)
  // No act(): tests wait for what a person would see instead (see(), vi.waitFor).
  root.render(
    <QueryClientProvider client={client}>
      <BrandColoursProvider>
        <MantineProvider>
          <Notifications />
          <RouterProvider router={router} />
          <StepUpDialog />
        </MantineProvider>
      </BrandColoursProvider>
    </QueryClientProvider>,
  )
  await new Promise((resolve) => setTimeout(resolve, 0))
  return {
    router,
    unmount: () => {
      root.unmount()
      notifications.clean()
      document.body.innerHTML = ''
    },
  }
}

export function pageText(): string {
  return document.body.textContent ?? ''
}

/** Waits until the page shows `text`. */
export async function see(text: string): Promise<void> {
  await vi.waitFor(() => expect(pageText()).toContain(text), { timeout: 10_000 })
}

function accessibleName(element: Element): string {
  return (element.getAttribute('aria-label') ?? element.textContent ?? '').trim()
}

/** Buttons (and links styled as buttons) whose accessible name is exactly `name`. */
export function buttons(name: string, within: ParentNode = document): HTMLElement[] {
  return Array.from(within.querySelectorAll<HTMLElement>('button, a')).filter((el) => accessibleName(el) === name)
}

export async function click(element: HTMLElement | undefined): Promise<void> {
  if (!element) throw new Error(`Nothing to click; the page says: ${pageText().slice(0, 500)}`)
  element.click()
  await new Promise((resolve) => setTimeout(resolve, 0))
}

/** The input labelled `label` (exact label text, ignoring a required asterisk). */
export function input(label: string, within: ParentNode = document): HTMLInputElement[] {
  const byAria = Array.from(within.querySelectorAll<HTMLInputElement>(`input[aria-label="${label}"]`))
  const byLabel = Array.from(within.querySelectorAll('label'))
    .filter((l) => (l.textContent ?? '').replace(/\s*\*$/, '').trim() === label)
    .map((l) => (l.htmlFor ? document.getElementById(l.htmlFor) : null))
    .filter((el): el is HTMLInputElement => el instanceof HTMLInputElement)
  return [...byAria, ...byLabel]
}

export async function typeInto(element: HTMLInputElement | undefined, value: string): Promise<void> {
  if (!element) throw new Error('No such input')
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set
  setter?.call(element, value)
  element.dispatchEvent(new Event('input', { bubbles: true }))
  await new Promise((resolve) => setTimeout(resolve, 0))
}

/** vi.waitFor with room for a busy machine. */
export function waitUntil<T>(check: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(check, { timeout: 10_000 })
}

const EVERYONE: Permission[] = [
  'organization.read',
  'members.read',
  'membership.leave',
  'documents.read',
  'compliance_results.read',
  'reports.read',
]
const CONTRIBUTORS: Permission[] = [...EVERYONE, 'documents.write', 'compliance_results.write', 'reports.create']
const MANAGERS: Permission[] = [
  ...CONTRIBUTORS,
  'organization.update',
  'onboarding.manage',
  'branding.manage',
  'members.manage',
  'dashboard.read',
  'audit_log.read',
  'invitations.manage',
  'security_policy.manage',
  'api_clients.manage',
  'documents.delete_any',
]

/**
 * Test data only: the permissions the API's table gives each role today (docs/permissions.md),
 * as a session would carry them. The app itself never maps roles to permissions.
 */
export const ROLE_PERMISSIONS: Record<Role, Permission[]> = {
  owner: [...MANAGERS, 'owners.manage', 'organization.delete', 'organization.restore'],
  admin: MANAGERS,
  member: CONTRIBUTORS,
  viewer: EVERYONE,
}

/** A session membership of "Harbour View" (`ORG` of the tests unless given). */
export function membership(role: Role, overrides: Partial<Membership> = {}): Membership {
  return {
    organization_id: '11111111-1111-4111-8111-111111111111',
    organization_name: 'Harbour View',
    slug: 'harbour-view',
    role,
    permissions: ROLE_PERMISSIONS[role],
    ...overrides,
  }
}

/** The session of Mia (`ME` of the tests), signed in and holding `role` in Harbour View. */
export function sessionOf(role: Role, overrides: Partial<Membership> = {}) {
  const member = membership(role, overrides)
  return {
    csrf_token: 'csrf',
    current_organization_id: member.organization_id,
    expires_at: '2030-01-01T00:00:00Z',
    remember_me: false,
    user: {
      id: '22222222-2222-4222-8222-222222222222', email: 'mia@example.org', email_verified: true, first_name: 'Mia',
      last_name: 'Me', time_zone: 'Australia/Sydney', mfa_enabled: false, created_at: '2025-01-01T00:00:00Z',
    },
    memberships: [member],
  }
}

/** In a `describe`: its tests render as on a phone. */
export function onPhones(): void {
  let desktop = () => {}
  beforeEach(() => {
    desktop = pretendPhone()
  })
  afterEach(() => desktop())
}
