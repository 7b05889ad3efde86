import { Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { ProblemAlert } from '@/components/ProblemAlert'
import { notifySuccess } from '@/lib/notify'
import type { Organization } from '@/lib/organization/profile'
import { useUpdateOrganization } from '@/lib/organization/update-organization'

/** How long invitation links last: the server default (24 hours) or longer, up to 7 days. */
export const TTL_OPTIONS = [
  { value: 'default', label: '24 hours (Vigil’s default)' },
  { value: '48', label: '2 days' },
  { value: '72', label: '3 days' },
  { value: '120', label: '5 days' },
  { value: '168', label: '7 days (the longest)' },
] as const

export function ttlValue(hours: number | null | undefined): string {
  if (hours === null || hours === undefined) return 'default'
  return String(hours)
}

export function ttlOptions(hours: number | null | undefined): { value: string; label: string }[] {
  const options: { value: string; label: string }[] = TTL_OPTIONS.map((o) => ({ ...o }))
  if (hours && !options.some((o) => o.value === String(hours))) options.push({ value: String(hours), label: `${hours} hours` })
  return options
}

/** Organisation settings: invitation links for shift-working staff. */
export function InvitationPolicy({ organization }: { organization: Organization }) {
  const update = useUpdateOrganization(organization.id)
  const [value, setValue] = useState(ttlValue(organization.invitation_ttl_hours))
  const saved = ttlValue(organization.invitation_ttl_hours)
  return (
    <Paper withBorder radius="md" p="md" mt="xl" component="section" aria-labelledby="invitation-policy-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="invitation-policy-heading">
          Invitation links
        </Title>
        <Text size="sm" c="gray.7">
          Staff on night or weekend shifts may not read their email within a day. Links can last up to 7 days; resending
          an invitation always sends a new link that lasts this long again.
        </Text>
        <Select
          label="Invitation links last"
          data={ttlOptions(organization.invitation_ttl_hours)}
          value={value}
          allowDeselect={false}
          onChange={(next) => next && setValue(next)}
          maw={320}
        />
        {update.error ? <ProblemAlert error={update.error} /> : null}
        <Group>
          <Button
            disabled={value === saved}
            loading={update.isPending}
            onClick={() =>
              update.mutate(
                { invitation_ttl_hours: value === 'default' ? null : Number(value) },
                { onSuccess: () => notifySuccess('Invitation links updated', 'New and resent invitations use this length.') },
              )
            }
          >
            Save invitation links
          </Button>
        </Group>
      </Stack>
    </Paper>
  )
}
