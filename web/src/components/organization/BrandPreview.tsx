import { Box, Group, Image, Paper, Text } from '@mantine/core'
import { textOn } from '@/lib/contrast'
import { FALLBACK_PRIMARY, usableColour } from '@/lib/organization/branding'

interface Props {
  name: string
  /** The logo to show: a chosen file's object URL or the saved logo's URL. */
  logoUrl: string | null | undefined
  primary: string | null | undefined
  accent: string | null | undefined
}

/** How the app's header and buttons will look with these colours and this logo. */
export function BrandPreview({ name, logoUrl, primary, accent }: Props) {
  const background = usableColour(primary, FALLBACK_PRIMARY)
  const foreground = textOn(background)
  const accentColour = usableColour(accent, background)
  return (
    <Box component="figure" m={0}>
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <Group
          bg={background}
          c={foreground}
          px="md"
          h={64}
          gap="sm"
          wrap="nowrap"
          data-testid="brand-preview-header"
        >
          <Text fw={800} fz="lg" c={foreground}>
            Vigil
          </Text>
          {logoUrl && (
            <Box bg="white" p={2} style={{ borderRadius: 4, flexShrink: 0 }}>
              <Image src={logoUrl} alt="" h={32} w={32} fit="contain" />
            </Box>
          )}
          <Text fw={600} c={foreground} truncate>
            {name || 'Your organisation'}
          </Text>
        </Group>
        <Group p="md" gap="sm">
          <Box
            component="span"
            px="sm"
            py={6}
            bg={accentColour}
            c={textOn(accentColour)}
            fz="sm"
            fw={600}
            style={{ borderRadius: 6 }}
          >
            Accent button
          </Box>
          <Text size="sm" c="gray.7">
            Sample page content
          </Text>
        </Group>
      </Paper>
      <Text component="figcaption" size="xs" c="gray.7" mt={4}>
        Preview of your header: {background} with {foreground === '#ffffff' ? 'white' : 'dark'} text
      </Text>
    </Box>
  )
}
