import { Image, Skeleton, Text } from '@mantine/core'
import { useEffect, useState } from 'react'

type QrModule = typeof import('qrcode')

/** The `qrcode` package is only needed while enrolling, so it loads on demand. */
async function toDataUrl(value: string): Promise<string> {
  const mod = await import('qrcode')
  // CommonJS interop: the functions are on the namespace or on its default export.
  const lib: QrModule = (mod as unknown as { default?: QrModule }).default ?? mod
  return lib.toDataURL(value, { errorCorrectionLevel: 'M', margin: 2, width: 220 })
}

/** A QR code drawn in the browser: the secret never goes to a third-party service. */
export function QrCode({ value, alt }: { value: string; alt: string }) {
  const [state, setState] = useState<{ value: string; src: string | null; failed: boolean }>({
    value: '',
    src: null,
    failed: false,
  })
  useEffect(() => {
    let live = true
    toDataUrl(value).then(
      (src) => live && setState({ value, src, failed: false }),
      () => live && setState({ value, src: null, failed: true }),
    )
    return () => {
      live = false
    }
  }, [value])

  if (state.value === value && state.failed) {
    return (
      <Text size="sm" c="red.8">
        The QR code could not be drawn. Enter the setup key by hand instead.
      </Text>
    )
  }
  if (state.value !== value || !state.src) {
    return <Skeleton width={220} height={220} radius="sm" aria-label="Drawing the QR code" />
  }
  return <Image src={state.src} alt={alt} w={220} h={220} radius="sm" />
}
