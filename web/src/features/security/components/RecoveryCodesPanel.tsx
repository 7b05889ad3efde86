import { Alert, Button, Code, CopyButton, Group, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconAlertTriangle, IconCheck, IconCopy, IconDownload } from '@tabler/icons-react'
import { useId } from 'react'
import { formatDateTime } from '@/lib/format'
import { downloadTextFile, recoveryCodesText } from './recovery-codes'

/** The recovery codes, shown once, with ways to keep them. */
export function RecoveryCodesPanel({
  codes,
  email,
  onDone,
  lost = 'the device with your authenticator app',
}: {
  codes: string[]
  email: string
  onDone: () => void
  /** What the codes stand in for when it is lost. */
  lost?: string
}) {
  const headingId = useId()
  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Text fw={700} id={headingId}>
        Your recovery codes
      </Text>
      <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="Save these codes now">
        This is the only time they are shown. Each code works once, to sign in if you lose {lost}.
        Keep them somewhere safe, such as a password manager,
        and do not share them.
      </Alert>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" component="ul" aria-label="Recovery codes" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {codes.map((code) => (
          <li key={code}>
            <Code fz="md" block>
              {code}
            </Code>
          </li>
        ))}
      </SimpleGrid>
      <Group gap="sm">
        <CopyButton value={codes.join('\n')} timeout={2000}>
          {({ copied, copy }) => (
            <Button
              variant="default"
              leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              onClick={copy}
            >
              {copied ? 'Copied' : 'Copy codes'}
            </Button>
          )}
        </CopyButton>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
          onClick={() =>
            downloadTextFile(
              'vigil-recovery-codes.txt',
              recoveryCodesText(codes, email, formatDateTime(new Date().toISOString())),
            )
          }
        >
          Download codes
        </Button>
        <Button onClick={onDone}>I have saved my codes</Button>
      </Group>
    </Stack>
  )
}
