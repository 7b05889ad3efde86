import { Avatar, Group, Image, Stack, Text, Title } from '@mantine/core'
import { formatDate, formatDateTime } from '@/lib/format'
import type { InvitationPreview } from '../api/preview-invitation'

const ROLE_WORDS: Record<string, string> = {
  owner: 'an owner',
  admin: 'an administrator',
  member: 'a member',
  viewer: 'a viewer',
}

const ROLE_MEANING: Record<string, string> = {
  owner: 'Owners manage everything, including billing, owners and deleting the organisation.',
  admin: 'Administrators manage the organisation, its members and its settings.',
  member: 'Members upload and work with documents.',
  viewer: 'Viewers can read documents and results but not change them.',
}

/** The organisation, who invited whom, as what, and until when the link works. */
export function InvitationSummary({ preview }: { preview: InvitationPreview }) {
  const { organization } = preview
  const role = ROLE_WORDS[preview.role] ?? preview.role
  return (
    <Stack gap="md">
      <Group gap="md" wrap="nowrap">
        {organization.logo_url ? (
          <Image src={organization.logo_url} alt={`${organization.name} logo`} h={56} w="auto" maw={160} fit="contain" />
        ) : (
          <Avatar size={56} radius="md" color="brand" variant="filled" aria-hidden>
            {organization.name.slice(0, 1).toUpperCase()}
          </Avatar>
        )}
        <Title order={1} size="h2">
          Join {organization.name}
        </Title>
      </Group>
      <Text>
        {preview.inviter_name
          ? `${preview.inviter_name} invited you to join ${organization.name} on Vigil as ${role}.`
          : `You have been invited to join ${organization.name} on Vigil as ${role}.`}{' '}
        {ROLE_MEANING[preview.role] ?? ''}
      </Text>
      <Stack gap={4}>
        <Text size="sm">
          Invitation for <strong>{preview.email}</strong>
        </Text>
        <Text size="sm" c="gray.7">
          This link works until {formatDateTime(preview.expires_at)}.
        </Text>
        {preview.access_expires_at && (
          <Text size="sm" c="gray.7">
            Your access will end on {formatDate(preview.access_expires_at)}.
          </Text>
        )}
      </Stack>
    </Stack>
  )
}
