// Skipped setup steps must not pass for completed ones: different words and a different icon,
// in the wizard (wherever it stands) and in the summary at the end.
import { installDomShims, json, mockApi, renderRoutes, see, sessionOf } from '@/lib/test-harness'
import { onboardingRoutes } from './routes'

const ORG = '11111111-1111-4111-8111-111111111111'
const routes = [{ path: '/organizations/:orgId', children: onboardingRoutes }]

const organisation = {
  id: ORG, name: 'Harbour View', slug: 'harbour-view', address: { country: 'AU' }, time_zone: 'Australia/Sydney',
  branding_warnings: [], subscription_tier: 'free', created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z',
}
// Details done, branding skipped; the team is still to invite.
const steps = (team: string) => [
  { number: 1, step: 'account', status: 'completed' },
  { number: 2, step: 'verify_email', status: 'completed' },
  { number: 3, step: 'organization_details', status: 'completed' },
  { number: 4, step: 'branding', status: 'skipped' },
  { number: 5, step: 'invite_team', status: team },
]

function api(onboarding: object) {
  return (_request: Request, url: URL) => {
    if (url.pathname === '/api/v1/auth/session') return json(sessionOf('owner'))
    if (url.pathname === `/api/v1/organizations/${ORG}/onboarding`) return json(onboarding)
    if (url.pathname === `/api/v1/organizations/${ORG}`) return json(organisation)
    return undefined
  }
}

const SKIPPED_ICON = '.tabler-icon-player-skip-forward'
const COMPLETED_ICON = '.tabler-icon-circle-check'

beforeAll(installDomShims)

describe('onboarding', { timeout: 30_000 }, () => {
  it('shows a skipped step with its own word and icon in the wizard, not the completed tick', async () => {
    mockApi(api({ completed: false, current_step: 'invite_team', steps: steps('pending') }))
    const page = await renderRoutes(routes, `/organizations/${ORG}/onboarding`)
    await see('Each person gets an email with a link to join.')
    const step = (label: string) =>
      Array.from(document.querySelectorAll<HTMLElement>('.mantine-Stepper-step')).find((el) => el.textContent?.includes(label))
    // Both steps are behind the current one; only their status tells them apart.
    const details = step('Organisation details')
    const branding = step('Branding')
    expect(details?.textContent).toContain('Completed')
    expect(details?.querySelector(COMPLETED_ICON)).not.toBeNull()
    expect(details?.querySelector(SKIPPED_ICON)).toBeNull()
    expect(branding?.textContent).toContain('Skipped')
    expect(branding?.textContent).not.toContain('Completed')
    expect(branding?.querySelector(SKIPPED_ICON)).not.toBeNull()
    expect(branding?.querySelector(COMPLETED_ICON)).toBeNull()
    expect(step('Invite your team')?.textContent).toContain('To do')
    page.unmount()
  })

  it('lists skipped steps apart from completed ones in the summary, with where to finish them', async () => {
    mockApi(api({ completed: true, current_step: null, steps: steps('completed') }))
    const page = await renderRoutes(routes, `/organizations/${ORG}/onboarding`)
    await see('Done: Harbour View is ready')
    const item = (label: string) =>
      Array.from(document.querySelectorAll<HTMLElement>('[aria-label="Onboarding summary"] li')).find((li) =>
        li.textContent?.startsWith(label),
      )
    expect(item('Organisation details')?.textContent).toContain('— Completed')
    expect(item('Organisation details')?.querySelector(COMPLETED_ICON)).not.toBeNull()
    expect(item('Branding')?.textContent).toContain('— Skipped')
    expect(item('Branding')?.querySelector(SKIPPED_ICON)).not.toBeNull()
    expect(item('Branding')?.querySelector(COMPLETED_ICON)).toBeNull()
    await see('You can finish skipped steps at any time')
    page.unmount()
  })
})
