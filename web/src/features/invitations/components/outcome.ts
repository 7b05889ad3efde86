import { isApiError } from '@/lib/api/problem'

export interface LinkOutcome {
  title: string
  message: string
  /** Whether to offer signing in (the invitation was used: the person has an account). */
  offerSignIn: boolean
}

/** Distinct words for links that cannot be used; null for other errors (shown as problems). */
export function linkOutcome(error: unknown): LinkOutcome | null {
  if (!isApiError(error)) return null
  switch (error.code) {
    case 'invitation-expired':
      return {
        title: 'This invitation has expired',
        message:
          'Invitation links work for 24 hours. Ask the person who invited you to send the invitation again; you will get a new email.',
        offerSignIn: false,
      }
    case 'invitation-revoked':
      return {
        title: 'This invitation was withdrawn',
        message:
          'The organisation cancelled this invitation, so the link no longer works. Contact them if you think this is a mistake.',
        offerSignIn: false,
      }
    case 'invitation-used':
      return {
        title: 'This invitation has already been used',
        message: 'It was accepted already. Sign in to open the organisation.',
        offerSignIn: true,
      }
    case 'invitation-not-found':
      return invalidLink()
    default:
      return null
  }
}

export function invalidLink(): LinkOutcome {
  return {
    title: 'This invitation link is not valid',
    message:
      'Check that you opened or copied the whole link from the email. If it still does not work, ask for a new invitation.',
    offerSignIn: false,
  }
}

/** Whether the signed-in address is the invited one (the server compares case-insensitively). */
export function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase()
}
