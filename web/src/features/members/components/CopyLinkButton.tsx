import { Button, CopyButton, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'

/** Copies an invitation link; the accessible name stays "Copy link", a tooltip confirms. */
export function CopyLinkButton({ link }: { link: string }) {
  return (
    <CopyButton value={link} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label="Link copied" opened={copied} withArrow position="top">
          <Button
            size="xs"
            variant="default"
            leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
            onClick={copy}
          >
            Copy link
          </Button>
        </Tooltip>
      )}
    </CopyButton>
  )
}
