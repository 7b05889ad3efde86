// JSX typing of ALTCHA's <altcha-widget> custom element (loaded on demand by Captcha.tsx).
import type { DetailedHTMLProps, HTMLAttributes } from 'react'
import type { AltchaWidgetElement } from 'altcha'

interface AltchaWidgetProps extends DetailedHTMLProps<HTMLAttributes<AltchaWidgetElement>, AltchaWidgetElement> {
  /** URL of a challenge, or the challenge as JSON. */
  challenge?: string
  auto?: 'off' | 'onfocus' | 'onload' | 'onsubmit'
  /** JSON of further options (functions go through `$altcha.defaults` instead). */
  configuration?: string
  display?: 'standard' | 'bar' | 'floating' | 'overlay' | 'invisible'
  language?: string
  /** Name of the hidden input holding the payload. */
  name?: string
  theme?: string
  type?: 'native' | 'checkbox' | 'switch'
  workers?: number
}

declare module 'react' {
  // oxlint-disable-next-line typescript/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'altcha-widget': AltchaWidgetProps
    }
  }
}
