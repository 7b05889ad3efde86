/** The body of POST /auth/login/mfa: a 6-digit TOTP code, or else a recovery code. */
export function mfaBody(
  mfaToken: string,
  input: string,
): { mfa_token: string; code: string | null; recovery_code: string | null } {
  const compact = input.replace(/\s+/g, '')
  if (/^\d{6}$/.test(compact)) return { mfa_token: mfaToken, code: compact, recovery_code: null }
  return { mfa_token: mfaToken, code: null, recovery_code: input.trim() }
}
