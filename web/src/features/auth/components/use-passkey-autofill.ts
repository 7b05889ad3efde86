import { useEffect, useRef } from 'react'
import { getPasskey, passkeyAutofillSupported } from '@/lib/passkeys'
import { useSetSession } from '@/lib/session'
import { passkeySignIn } from '../api/passkey-sign-in'
import { startPasskeySignIn } from '../api/passkey-sign-in-options'

/** A challenge lives six minutes on the server: a fresh one is asked for before it expires. */
const REFRESH = { leastMs: 60_000, mostMs: 5 * 60_000, marginMs: 30_000 }

interface Options {
  /** Whether to offer passkeys now (off while another sign-in is under way). */
  enabled: boolean
  rememberMe: () => boolean
  onSignedIn: () => void
  /** A passkey was picked but the server refused the sign-in. */
  onError: (error: unknown) => void
}

/**
 * Conditional UI: while enabled, the browser offers the person's passkeys among the suggestions
 * of the field whose autocomplete ends in "webauthn"; picking one signs in. Quiet when the
 * browser cannot, or the server will not: the password and the passkey button still work.
 * Stopped when disabled or unmounted, and by any other passkey request (which replaces it).
 */
export function usePasskeyAutofill({ enabled, rememberMe, onSignedIn, onError }: Options): void {
  const setSession = useSetSession()
  // The latest callbacks, without restarting the request when they change.
  const latest = useRef({ rememberMe, onSignedIn, onError, setSession })
  useEffect(() => {
    latest.current = { rememberMe, onSignedIn, onError, setSession }
  })

  useEffect(() => {
    if (!enabled) return
    const stop = new AbortController()

    /** One challenge offered until it is answered or expires; whether to offer another. */
    async function offer(): Promise<boolean> {
      let started
      try {
        started = await startPasskeySignIn()
      } catch {
        return false
      }
      if (stop.signal.aborted) return false
      const round = new AbortController()
      const abortRound = () => round.abort()
      stop.signal.addEventListener('abort', abortRound)
      let expired = false
      const left = Date.parse(started.expires_at) - Date.now() - REFRESH.marginMs
      const timer = setTimeout(
        () => {
          expired = true
          round.abort()
        },
        Math.min(REFRESH.mostMs, Math.max(REFRESH.leastMs, Number.isFinite(left) ? left : 0)),
      )
      let credential
      try {
        credential = await getPasskey(started.options, { autofill: true, signal: round.signal })
      } catch {
        // Expired (offer a fresh challenge), stopped by this page or another passkey request,
        // or refused in the browser.
        return expired && !stop.signal.aborted
      } finally {
        clearTimeout(timer)
        stop.signal.removeEventListener('abort', abortRound)
      }
      if (stop.signal.aborted) return false
      try {
        const session = await passkeySignIn({
          ceremony_token: started.ceremony_token,
          credential,
          remember_me: latest.current.rememberMe(),
        })
        latest.current.setSession(session)
        latest.current.onSignedIn()
        return false
      } catch (error) {
        latest.current.onError(error)
        // Offer the passkeys again for another try.
        return !stop.signal.aborted
      }
    }

    void (async () => {
      if (!(await passkeyAutofillSupported())) return
      let again = true
      while (again && !stop.signal.aborted) again = await offer()
    })()
    return () => stop.abort()
  }, [enabled])
}
