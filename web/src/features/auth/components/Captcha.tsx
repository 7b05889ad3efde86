import { Fieldset, Input, Skeleton, Text } from '@mantine/core'
import type { AltchaWidgetElement } from 'altcha'
import {
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
  type ReactNode,
  type Ref,
} from 'react'
import { CAPTCHA_CHALLENGE_PATH, fetchCaptchaChallenge } from '../api/captcha-challenge'

/** What a form can ask of the CAPTCHA. */
export interface CaptchaHandle {
  /**
   * The solution to submit: at once when solved, else after the check in progress finishes
   * (starting it if needed). Null when it failed or took longer than `timeoutMs`.
   */
  solution: (timeoutMs?: number) => Promise<string | null>
  /** Forgets the solution (used, or refused by the server) and solves a fresh challenge. */
  renew: () => void
}

type WidgetState = 'unverified' | 'verifying' | 'verified' | 'error' | 'expired' | 'code'

let loading: Promise<void> | null = null

function isChallengeRequest(input: RequestInfo | URL): boolean {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  return new URL(url, window.location.origin).pathname === CAPTCHA_CHALLENGE_PATH
}

/**
 * Loads the ALTCHA widget (its own chunk, only on pages that need it). The standard build
 * runs the proof of work in blob: workers and injects its stylesheet, both allowed by the
 * CSP (worker-src blob:, style-src 'unsafe-inline'); it uses no eval and nothing remote.
 */
function loadAltcha(): Promise<void> {
  loading ??= import('altcha').then(
    () => {
      globalThis.$altcha.defaults.set({
        fetch: (input, init) => (isChallengeRequest(input) ? fetchCaptchaChallenge() : fetch(input, init)),
      })
    },
    (error: unknown) => {
      loading = null
      throw error
    },
  )
  return loading
}

interface Props {
  /** Called with the payload when solved, and with null when it is no longer usable. */
  onSolved?: (payload: string | null) => void
  /** A problem to show under the check (e.g. the server's `captcha` field error). */
  error?: ReactNode
  ref?: Ref<CaptchaHandle>
}

/**
 * ALTCHA proof of work: the browser solves it on its own as soon as the page opens, so a
 * person usually has nothing to do; the "I'm not a robot" checkbox ticks itself when done,
 * and clicking it retries after a failure.
 */
export function Captcha({ onSolved, error, ref }: Props) {
  const id = useId()
  const [status, setStatus] = useState<'loading' | 'ready' | 'failed'>('loading')
  const [state, setState] = useState<WidgetState>('unverified')
  const widget = useRef<AltchaWidgetElement | null>(null)
  const payload = useRef<string | null>(null)
  const failed = useRef(false)
  const waiters = useRef(new Set<(value: string | null) => void>())
  const onSolvedRef = useRef(onSolved)
  useEffect(() => {
    onSolvedRef.current = onSolved
  }, [onSolved])

  const settle = useCallback((value: string | null) => {
    for (const waiter of waiters.current) waiter(value)
    waiters.current.clear()
  }, [])

  useEffect(() => {
    let live = true
    loadAltcha().then(
      () => {
        if (live) setStatus('ready')
      },
      () => {
        failed.current = true
        settle(null)
        if (live) setStatus('failed')
      },
    )
    return () => {
      live = false
    }
  }, [settle])

  const verify = useCallback(() => {
    try {
      void widget.current?.verify().catch(() => undefined)
    } catch {
      // Not mounted yet: `auto="onload"` starts it anyway.
    }
  }, [])

  // A callback ref, so the listener is in place before the widget starts solving.
  const attach = useCallback(
    (element: AltchaWidgetElement | null) => {
      widget.current = element
      if (!element) return
      const onStateChange = (event: Event) => {
        const detail = (event as CustomEvent<{ state?: string; payload?: string | null } | undefined>).detail
        const next = (detail?.state ?? 'unverified') as WidgetState
        setState(next)
        if (next === 'verified' && detail?.payload) {
          payload.current = detail.payload
          onSolvedRef.current?.(detail.payload)
          settle(detail.payload)
          return
        }
        if (payload.current !== null) {
          payload.current = null
          onSolvedRef.current?.(null)
        }
        if (next === 'expired') {
          // Challenges last minutes; solve a fresh one rather than make the person click.
          verify()
        } else if (next === 'error') {
          settle(null)
        }
      }
      element.addEventListener('statechange', onStateChange)
      return () => {
        element.removeEventListener('statechange', onStateChange)
        widget.current = null
      }
    },
    [settle, verify],
  )

  useImperativeHandle(
    ref,
    () => ({
      solution: (timeoutMs = 60_000) => {
        if (payload.current) return Promise.resolve(payload.current)
        if (failed.current) return Promise.resolve(null)
        let current: string | undefined
        try {
          current = widget.current?.getState()
        } catch {
          current = undefined
        }
        if (current === 'unverified' || current === 'error' || current === 'expired') verify()
        return new Promise<string | null>((resolve) => {
          const timer = setTimeout(() => {
            waiters.current.delete(done)
            resolve(null)
          }, timeoutMs)
          function done(value: string | null) {
            clearTimeout(timer)
            resolve(value)
          }
          waiters.current.add(done)
        })
      },
      renew: () => {
        if (payload.current !== null) {
          payload.current = null
          onSolvedRef.current?.(null)
        }
        verify()
      },
    }),
    [verify],
  )

  const hintId = `${id}-hint`
  return (
    <Fieldset variant="unstyled" legend="Security check" aria-describedby={hintId}>
      <Text id={hintId} size="xs" c="gray.7" mb={6}>
        {state === 'error'
          ? "The check did not complete. Tick “I'm not a robot” to try again."
          : 'Your browser solves a small puzzle to show you are not a robot. It takes a few seconds and starts on its own.'}
      </Text>
      {status === 'ready' && (
        <altcha-widget
          ref={attach}
          challenge={CAPTCHA_CHALLENGE_PATH}
          auto="onload"
          type="checkbox"
          language="en"
          name="captcha"
        />
      )}
      {status === 'loading' && <Skeleton height={64} maw={320} radius="sm" />}
      {status === 'failed' && (
        <Text size="sm" c="red.8" role="alert">
          The security check could not be loaded. Check your connection and reload the page.
        </Text>
      )}
      {error && <Input.Error mt={4}>{error}</Input.Error>}
    </Fieldset>
  )
}
