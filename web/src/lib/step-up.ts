// The API side of a step-up (the dialog is components/StepUpDialog.tsx; retrying the refused
// request is api/step-up.ts): what proof this person is asked for, and sending it.
import { api, type Schemas } from './api/client'
import { unwrap } from './api/problem'
import type { AuthenticationResponseJSON } from './passkeys'

export type StepUpOptions = Schemas['StepUpOptions']
export type StepUpProof = Schemas['StepUpProof']
export type StepUpRequest = Schemas['StepUpRequest']
export type SteppedUp = Schemas['SteppedUp']

/** What a step-up needs from this person now (their strongest method), with a passkey challenge. */
export function startStepUp(): Promise<StepUpOptions> {
  return unwrap(api.POST('/api/v1/auth/step-up/options'))
}

/** Sends the proof; the session then counts as recently confirmed. */
export function stepUp(body: StepUpRequest): Promise<SteppedUp> {
  return unwrap(api.POST('/api/v1/auth/step-up', { body }))
}

/** The body of a step-up answered by a passkey. */
export function passkeyStepUpBody(ceremonyToken: string, credential: AuthenticationResponseJSON): StepUpRequest {
  // The OpenAPI document types the credential as an object without properties.
  return { ceremony_token: ceremonyToken, passkey: credential as unknown as StepUpRequest['passkey'] }
}

/** The body of a step-up with the password and a 6-digit app code, or else a recovery code. */
export function secondFactorStepUpBody(password: string, code: string, recovery: boolean): StepUpRequest {
  return recovery ? { password, recovery_code: code.trim() } : { password, code: code.replace(/\s+/g, '') }
}

/** What the dialog asks for, in a sentence. */
export function proofText(proof: StepUpProof): string {
  switch (proof) {
    case 'passkey':
      return 'Confirm with your passkey: your browser asks for your fingerprint, face, PIN or security key.'
    case 'password_and_code':
      return 'Enter your password and the 6-digit code from your authenticator app (or one of your recovery codes).'
    case 'password':
      return 'Enter your password.'
  }
}
