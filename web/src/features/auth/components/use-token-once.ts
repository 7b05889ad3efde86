import { useEffect, useRef } from 'react'

/**
 * Runs `run(token)` once per token when the page opens. Emailed links are single use, so the
 * second effect of React's StrictMode (or a re-render) must not send it again.
 */
export function useTokenOnce(token: string | null, run: (token: string) => void): void {
  const started = useRef<string | null>(null)
  useEffect(() => {
    if (!token || started.current === token) return
    started.current = token
    run(token)
  }, [token, run])
}
