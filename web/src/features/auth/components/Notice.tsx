import { Alert, type AlertProps } from '@mantine/core'

type Props = Omit<AlertProps, 'color' | 'styles'> & { color: 'teal' | 'orange' | 'blue' }

/**
 * A light alert whose title keeps WCAG AA contrast (Mantine's light variant colours the title
 * with a shade too pale for its background): titles in the text colour.
 */
export function Notice({ color, ...rest }: Props) {
  return <Alert color={color} styles={{ title: { color: 'var(--mantine-color-text)' } }} {...rest} />
}
