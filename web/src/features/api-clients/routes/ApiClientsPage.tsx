import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconExternalLink, IconKey } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { PageHeader } from '@/components/PageHeader'
import { ProblemAlert } from '@/components/ProblemAlert'
import { EmptyState } from '@/components/States'
import { fieldErrors } from '@/lib/api/problem'
import { formatDateTime } from '@/lib/format'
import { applyFieldErrors } from '@/lib/forms'
import { notifyFailure, notifySuccess } from '@/lib/notify'
import { can, useMembership, useOrgId } from '@/lib/session'
import { useApiClients, useCreateApiClient, useRevokeApiClient, type ApiClient, type Scope } from '../api/api-clients'
import { ENGINE_SCOPES, lastUsedText, SCOPES, scopeLabel } from '../components/scopes'

/** /organizations/:orgId/api-clients: credentials for the compliance engine and other systems. */
export default function ApiClientsPage() {
  const orgId = useOrgId()
  const membership = useMembership()
  const allowed = can(membership, 'api_clients.manage')
  const clients = useApiClients(orgId, allowed)
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<ApiClient | null>(null)
  const [revoking, setRevoking] = useState<ApiClient | null>(null)
  const revoke = useRevokeApiClient(orgId)

  if (!allowed) {
    return (
      <>
        <PageHeader title="API clients" />
        <Text>Only owners and administrators manage API clients.</Text>
      </>
    )
  }

  let list: ReactNode
  if (clients.isPending) {
    list = <Skeleton height={96} aria-label="Loading API clients" />
  } else if (clients.isError) {
    list = <ProblemAlert error={clients.error} onRetry={() => void clients.refetch()} />
  } else if (clients.data.length === 0) {
    list = (
      <EmptyState title="No API clients yet">
        Create one for the compliance engine: it signs in with the client id and secret and posts results to your
        documents.
      </EmptyState>
    )
  } else {
    list = (
      <Stack component="ul" gap="sm" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {clients.data.map((client) => (
          <Paper component="li" key={client.id} withBorder radius="md" p="md" aria-label={client.name}>
            <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
              <Stack gap={4} style={{ flex: '1 1 260px', minWidth: 0 }}>
                <Group gap="xs">
                  <Text fw={600} style={{ wordBreak: 'break-word' }}>
                    {client.name}
                  </Text>
                  {client.revoked_at ? (
                    <Badge color="gray" variant="light">
                      Revoked
                    </Badge>
                  ) : (
                    <Badge color="teal" variant="light">
                      Active
                    </Badge>
                  )}
                </Group>
                <Text size="sm">
                  Client id: <Code style={{ wordBreak: 'break-all' }}>{client.client_id}</Code>
                </Text>
                <Group gap={4}>
                  {client.scopes.map((scope) => (
                    <Badge key={scope} variant="default" tt="none">
                      {scopeLabel(scope)}
                    </Badge>
                  ))}
                </Group>
                <Text size="xs" c="gray.7">
                  Created {formatDateTime(client.created_at)} · Last used {lastUsedText(client.last_used_at, formatDateTime)}
                  {client.revoked_at ? ` · Revoked ${formatDateTime(client.revoked_at)}` : ''}
                </Text>
              </Stack>
              {!client.revoked_at && (
                <Button variant="outline" color="red" size="xs" onClick={() => setRevoking(client)} aria-label={`Revoke ${client.name}`}>
                  Revoke
                </Button>
              )}
            </Group>
          </Paper>
        ))}
      </Stack>
    )
  }

  return (
    <>
      <PageHeader
        title="API clients"
        description="Credentials for systems that work with your data, such as the compliance engine. Each client only gets the scopes you choose."
        actions={
          <Button leftSection={<IconKey size={16} aria-hidden />} onClick={() => setCreating(true)}>
            Create API client
          </Button>
        }
      />
      <Stack gap="lg">
        <Alert color="blue" variant="light" title="How a client calls Vigil">
          <Text size="sm">
            It exchanges its client id and secret for a short-lived token at <Code>POST /oauth/token</Code>{' '}
            (<Code>grant_type=client_credentials</Code>), then sends <Code>Authorization: Bearer &lt;token&gt;</Code> with
            each request.{' '}
            <Anchor href="/docs/" target="_blank" rel="noopener">
              Read the API documentation <IconExternalLink size={12} aria-hidden />
              <VisuallyHidden>(opens in a new tab)</VisuallyHidden>
            </Anchor>
          </Text>
        </Alert>
        {list}
      </Stack>
      <CreateModal
        orgId={orgId}
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(client) => {
          setCreating(false)
          setCreated(client)
        }}
      />
      <SecretModal client={created} onClose={() => setCreated(null)} />
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title="Revoke API client?" closeButtonProps={{ 'aria-label': 'Close' }}>
        <Stack>
          <Text size="sm">
            {revoking?.name} will get no new tokens, and the tokens it holds stop working at once. This cannot be undone:
            create a new client to give access again.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() => {
                if (!revoking) return
                const name = revoking.name
                revoke.mutate(revoking.id, {
                  onSuccess: () => {
                    notifySuccess('API client revoked', `${name} can no longer call Vigil.`)
                    setRevoking(null)
                  },
                  onError: (error) => notifyFailure('The client was not revoked', error),
                })
              }}
            >
              Revoke client
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}

function CreateModal({
  orgId,
  opened,
  onClose,
  onCreated,
}: {
  orgId: string
  opened: boolean
  onClose: () => void
  onCreated: (client: ApiClient) => void
}) {
  const create = useCreateApiClient(orgId)
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: 'Compliance engine', scopes: ENGINE_SCOPES as string[] },
    validate: {
      name: (value: string) => (value.trim().length >= 1 && value.trim().length <= 100 ? null : 'Name the client (1 to 100 characters).'),
      scopes: (value: string[]) => (value.length > 0 ? null : 'Choose at least one scope.'),
    },
  })
  const otherProblem = create.error && Object.keys(fieldErrors(create.error)).length === 0
  return (
    <Modal opened={opened} onClose={onClose} title="Create API client" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          create.mutate(
            { name: values.name.trim(), scopes: values.scopes as Scope[] },
            { onSuccess: (client) => { form.reset(); onCreated(client) }, onError: (error) => applyFieldErrors(form, error) },
          ),
        )}
      >
        <Stack>
          <TextInput label="Name" description="Who uses it, e.g. Compliance engine." descriptionProps={{ c: 'gray.7' }} required maxLength={100} {...form.getInputProps('name')} />
          <Checkbox.Group label="Scopes" description="What it may do. The compliance engine needs to read documents and record results." {...form.getInputProps('scopes')}>
            <Stack gap="xs" mt="xs">
              {SCOPES.map((scope) => (
                <Checkbox key={scope.value} value={scope.value} label={scope.label} description={scope.description} />
              ))}
            </Stack>
          </Checkbox.Group>
          {otherProblem ? <ProblemAlert error={create.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create client
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** The secret, shown once: the API never returns it again. */
function SecretModal({ client, onClose }: { client: ApiClient | null; onClose: () => void }) {
  return (
    <Modal
      opened={client !== null}
      onClose={onClose}
      title="Copy the client secret now"
      size="lg"
      closeOnClickOutside={false}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {client && (
        <Stack>
          <Alert color="orange" variant="light">
            This is the only time Vigil shows the secret. Store it in the compliance engine’s configuration or a
            password manager; if it is lost, revoke this client and create another.
          </Alert>
          <Credential label="Client id" value={client.client_id} />
          <Credential label="Client secret" value={client.client_secret ?? ''} />
          <Title order={3} size="h5">
            Try it
          </Title>
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {`curl -X POST ${window.location.origin}/oauth/token \\\n  -d grant_type=client_credentials \\\n  -d client_id=${client.client_id} \\\n  -d client_secret=<the secret>`}
          </Code>
          <Group justify="flex-end">
            <Button onClick={onClose}>I have stored the secret</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}

function Credential({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code style={{ wordBreak: 'break-all', flex: 1 }} data-testid={label === 'Client secret' ? 'client-secret' : 'client-id'}>
          {value}
        </Code>
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Button size="compact-sm" variant="default" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  )
}
