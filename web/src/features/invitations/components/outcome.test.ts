import { ApiError, type ProblemCode } from '@/lib/api/problem'
import { linkOutcome, sameAddress } from './outcome'

function problem(status: number, code: ProblemCode) {
  return new ApiError(status, { type: `urn:vigil:problem:${code}`, title: 'x', status, code })
}

describe('invitation link outcomes', () => {
  it('tells expired, withdrawn, used and invalid links apart', () => {
    expect(linkOutcome(problem(410, 'invitation-expired'))?.title).toBe('This invitation has expired')
    expect(linkOutcome(problem(410, 'invitation-revoked'))?.title).toBe('This invitation was withdrawn')
    const used = linkOutcome(problem(410, 'invitation-used'))
    expect(used?.title).toBe('This invitation has already been used')
    expect(used?.offerSignIn).toBe(true)
    expect(linkOutcome(problem(404, 'invitation-not-found'))?.title).toBe('This invitation link is not valid')
  })

  it('leaves other errors to the problem alert', () => {
    expect(linkOutcome(problem(429, 'too-many-requests'))).toBeNull()
    expect(linkOutcome(new Error('boom'))).toBeNull()
  })

  it('compares addresses without case', () => {
    expect(sameAddress('Sam@Example.org', 'sam@example.org ')).toBe(true)
    expect(sameAddress('sam@example.org', 'pat@example.org')).toBe(false)
  })
})
