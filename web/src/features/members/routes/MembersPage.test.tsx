import type { Role } from '@/lib/session'
import {
  buttons,
  calls,
  cards,
  click,
  input,
  installDomShims,
  json,
  mockApi,
  onPhones,
  pageText,
  problem,
  renderRoutes,
  see,
  sessionOf,
  typeInto,
  waitUntil,
} from '@/lib/test-harness'
import { memberRoutes } from '../routes'

const ORG = '11111111-1111-4111-8111-111111111111'
const ME = '22222222-2222-4222-8222-222222222222'
const SAM = '33333333-3333-4333-8333-333333333333'
const OWEN = '44444444-4444-4444-8444-444444444444'
const routes = [{ path: '/organizations/:orgId', children: memberRoutes }]

const member = (userId: string, first: string, last: string, role: Role, extra: object = {}) => ({
  user_id: userId, email: `${first.toLowerCase()}@example.org`, first_name: first, last_name: last, role,
  joined_at: '2025-01-01T00:00:00Z', access_expired: false, ...extra,
})
const sam = member(SAM, 'Sam', 'Locum', 'member', { access_expires_at: '2030-02-01T00:00:00Z' })
const owen = member(OWEN, 'Owen', 'Owner', 'owner')
const invitation = { id: 'inv-1', email: 'pat@example.org', role: 'viewer', status: 'pending', expires_at: '2030-01-01T00:00:00Z', sent_count: 1, last_sent_at: '2025-01-01T00:00:00Z', created_at: '2025-01-01T00:00:00Z', invited_by: ME }
const ownerInvitation = { ...invitation, id: 'inv-o', email: 'olive@example.org', role: 'owner' }

/** The API as seen by Mia, who holds `role` (the signed-in person's own row is in the list). */
function organisation(role: Role, options: { leave?: 'ok' | 'last-owner' } = {}) {
  const me = member(ME, 'Mia', 'Me', role)
  return (request: Request, url: URL) => {
    const path = url.pathname.replace(`/api/v1/organizations/${ORG}`, '')
    if (url.pathname === '/api/v1/auth/session') return json(sessionOf(role))
    if (path === '/members' && url.searchParams.get('role') === 'owner') return json({ items: [owen], total: 2, limit: 1, offset: 0 })
    if (path === '/members') return json({ items: [me, owen, sam], total: 3, limit: 25, offset: 0 })
    if (path === '/dashboard') return json({ seats: { members: 3, pending_invitations: 2, limit: 10 } })
    if (path === '/invitations' && request.method === 'GET')
      return json({ items: [invitation, ownerInvitation], total: 2, limit: 25, offset: 0 })
    if (path === '/invitations/inv-1/resend') return json({ ...invitation, sent_count: 2 })
    if (path === '/invitations' && request.method === 'POST')
      return json({
        invited: 1,
        failed: 1,
        results: [
          { email: 'new@example.org', outcome: 'invited', invitation: { ...invitation, id: 'inv-2', email: 'new@example.org' } },
          { email: 'sam@example.org', outcome: 'failed', code: 'already-member', message: 'This person is already a member.' },
        ],
      })
    if (path === '/membership' && request.method === 'DELETE')
      return options.leave === 'last-owner'
        ? problem(409, 'last-owner', 'An organisation needs at least one owner whose access does not end. Make someone else an owner first.')
        : new Response(null, { status: 204 })
    return undefined
  }
}

/** Waits for a modal showing `text` to have taken focus: a select opened before that closes
 * again when the modal's focus trap moves focus. */
async function seeDialog(text: string): Promise<void> {
  await see(text)
  await waitUntil(() => expect(document.activeElement?.closest('[role="dialog"]')).not.toBeNull())
}

/** The labels of a Mantine select's options (opens it, reads them, closes it). */
async function optionsOf(select: HTMLInputElement | undefined): Promise<string[]> {
  if (!select) throw new Error('no such select')
  await click(select)
  const options = await waitUntil(() => {
    const found = Array.from(document.querySelectorAll('[role="option"]')).map((o) => o.textContent?.trim() ?? '')
    if (found.length === 0) throw new Error('no options yet')
    return found
  })
  select.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
  await click(select)
  return options
}

beforeAll(installDomShims)

describe('members page', { timeout: 30_000 }, () => {
  it('lets an owner manage members and invitations, with no invitation link anywhere', async () => {
    mockApi(organisation('owner'))
    const page = await renderRoutes(routes, `/organizations/${ORG}/members`)
    await see('Sam Locum')
    await see('5 of 10 seats used')
    await see('olive@example.org')
    expect(input('Role for Sam Locum')).toHaveLength(1)
    expect(input('Role for Owen Owner')).toHaveLength(1)
    expect(await optionsOf(input('Role for Sam Locum')[0])).toEqual(['Owner', 'Administrator', 'Member', 'Viewer'])
    // Owner invitations can be resent and revoked by owners.
    expect(buttons('Resend')).toHaveLength(2)
    expect(buttons('Revoke')).toHaveLength(2)
    expect(buttons('Copy link')).toHaveLength(0)
    expect(pageText()).toContain('only that email holds the link')

    await click(buttons('Resend')[0])
    await see('A new link was emailed to pat@example.org')
    expect(buttons('Copy link')).toHaveLength(0)
    expect(document.querySelector('input[aria-label^="Invitation link"]')).toBeNull()
    expect(pageText()).not.toContain('token=')

    await click(buttons('Invite people')[0])
    await seeDialog('Send invitations')
    expect(await optionsOf(input('Role')[0])).toEqual(['Owner', 'Administrator', 'Member', 'Viewer'])
    await click(buttons('Add another')[0])
    const emails = input('Email address')
    expect(emails).toHaveLength(2)
    await typeInto(emails[0], 'new@example.org')
    await typeInto(emails[1], 'sam@example.org')
    await click(buttons('Send invitations')[0])
    await see('1 invitation sent by email, 1 failed.')
    await see('This person is already a member.')
    await see('Each invitation was emailed to its address')
    expect(buttons('Copy link')).toHaveLength(0)
    // Only the failed address stays in the form, with its reason on the field.
    const left = input('Email address')
    expect(left.map((i) => i.value)).toEqual(['sam@example.org'])
    expect(left[0]?.getAttribute('aria-invalid')).toBe('true')
    expect(calls).toContain(`POST /api/v1/organizations/${ORG}/invitations`)
    page.unmount()
  })

  it('gives administrators no owner option and no say over owners or owner invitations', async () => {
    mockApi(organisation('admin'))
    const page = await renderRoutes(routes, `/organizations/${ORG}/members`)
    await see('olive@example.org')
    await waitUntil(() => expect(input('Role for Sam Locum')).toHaveLength(1))
    // Owen is an owner: no role select, no Remove for an administrator.
    expect(input('Role for Owen Owner')).toHaveLength(0)
    expect(buttons('Remove')).toHaveLength(1)
    expect(await optionsOf(input('Role for Sam Locum')[0])).toEqual(['Administrator', 'Member', 'Viewer'])
    // The owner invitation is listed, without Resend or Revoke.
    expect(buttons('Resend')).toHaveLength(1)
    expect(buttons('Revoke')).toHaveLength(1)
    expect(pageText()).toContain('Only owners can resend or revoke owner invitations.')

    await click(buttons('Invite people')[0])
    await seeDialog('Send invitations')
    expect(await optionsOf(input('Role')[0])).toEqual(['Administrator', 'Member', 'Viewer'])
    page.unmount()
  })

  it('shows viewers a read-only list without invitations or seats', async () => {
    mockApi(organisation('viewer'))
    const page = await renderRoutes(routes, `/organizations/${ORG}/members`)
    await see('Sam Locum')
    expect(buttons('Invite people')).toHaveLength(0)
    expect(buttons('Remove')).toHaveLength(0)
    expect(input('Role for Sam Locum')).toHaveLength(0)
    expect(pageText()).not.toContain('seats used')
    expect(calls.some((c) => c.includes('/dashboard') || c.includes('/invitations'))).toBe(false)
    page.unmount()
  })

  it('leaves through the membership endpoint', async () => {
    mockApi(organisation('member'))
    const page = await renderRoutes(routes, `/organizations/${ORG}/members`)
    await see('Sam Locum')
    await click(await waitUntil(() => buttons('Leave')[0] ?? Promise.reject(new Error('no Leave button'))))
    await see('Leave Harbour View?')
    await click(buttons('Leave organisation')[0])
    await waitUntil(() => expect(page.router.state.location.pathname).toBe('/'))
    expect(calls).toContain(`DELETE /api/v1/organizations/${ORG}/membership`)
    expect(calls.some((c) => c.startsWith('DELETE') && c.includes('/members/'))).toBe(false)
    page.unmount()
  })

  it('shows why the last owner cannot leave', async () => {
    mockApi(organisation('owner', { leave: 'last-owner' }))
    const page = await renderRoutes(routes, `/organizations/${ORG}/members`)
    await see('Sam Locum')
    await click(await waitUntil(() => buttons('Leave')[0] ?? Promise.reject(new Error('no Leave button'))))
    await see('Leave Harbour View?')
    await click(buttons('Leave organisation')[0])
    await see('An organisation needs at least one owner whose access does not end.')
    expect(page.router.state.location.pathname).toBe(`/organizations/${ORG}/members`)
    page.unmount()
  })
})

describe('members list freshness', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('refetches on window focus and every 30 s while the page is used, so invitees who accept appear', async () => {
    // Only the clock and intervals are fake: rendering and requests run as usual.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    let patJoined = false
    const base = organisation('viewer')
    const pat = member('55555555-5555-4555-8555-555555555555', 'Pat', 'Joined', 'viewer')
    mockApi((request, url) => {
      const answer = base(request, url)
      if (!patJoined || !url.pathname.endsWith('/members') || url.searchParams.has('role')) return answer
      return answer?.json().then((list: { items: unknown[] }) => json({ ...list, items: [...list.items, pat], total: 4 }))
    })
    const listed = () => calls.filter((c) => c === `GET /api/v1/organizations/${ORG}/members?limit=25&offset=0`).length
    const page = await renderRoutes(routes, `/organizations/${ORG}/members`)
    try {
      await see('Sam Locum')
      expect(listed()).toBe(1)

      // Pat accepts while Mia is in another window; coming back shows Pat at once.
      patJoined = true
      window.dispatchEvent(new Event('visibilitychange'))
      await see('Pat Joined')
      expect(listed()).toBe(2)

      // While Mia uses the page, the list refreshes every 30 s.
      window.dispatchEvent(new Event('pointerdown'))
      await vi.advanceTimersByTimeAsync(30_000)
      await waitUntil(() => expect(listed()).toBe(3))
      window.dispatchEvent(new Event('keydown'))
      await vi.advanceTimersByTimeAsync(30_000)
      await waitUntil(() => expect(listed()).toBe(4))

      // Nobody has touched the page for minutes: after the refresh already due, polling stops,
      // so it never keeps an unattended session alive.
      vi.setSystemTime(Date.now() + 3 * 60_000)
      await vi.advanceTimersByTimeAsync(30_000)
      await waitUntil(() => expect(listed()).toBe(5))
      await new Promise((resolve) => setTimeout(resolve, 50))
      await vi.advanceTimersByTimeAsync(5 * 60_000)
      expect(listed()).toBe(5)
    } finally {
      page.unmount()
    }
  })
})

describe('members page on a phone', { timeout: 30_000 }, () => {
  onPhones()

  it('shows members and invitations as cards whose actions are all there', async () => {
    mockApi(organisation('owner'))
    const page = await renderRoutes(routes, `/organizations/${ORG}/members`)
    await see('Sam Locum')
    await see('olive@example.org')
    expect(document.querySelector('table')).toBeNull()
    expect(cards('Members').map((li) => li.getAttribute('aria-label'))).toEqual(['Mia Me', 'Owen Owner', 'Sam Locum'])
    expect(input('Role for Sam Locum')).toHaveLength(1)
    const samCard = document.querySelector('li[aria-label="Sam Locum"]')
    expect(samCard?.textContent).toContain('Access until')
    expect(buttons('Extend access', samCard ?? document)).toHaveLength(1)
    expect(buttons('Remove', samCard ?? document)).toHaveLength(1)
    expect(cards('Invitations')).toHaveLength(2)
    expect(buttons('Resend')).toHaveLength(2)
    expect(buttons('Revoke')).toHaveLength(2)
    page.unmount()
  })
})
