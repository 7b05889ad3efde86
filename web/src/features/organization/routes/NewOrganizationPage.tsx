import { Button, Group, Paper, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { ReadableDimmed } from '@/components/organization/ReadableDimmed'
import { PageHeader } from '@/components/PageHeader'
import { ProblemAlert } from '@/components/ProblemAlert'
import { fieldErrors } from '@/lib/api/problem'
import { applyFieldErrors } from '@/lib/forms'
import { notify } from '@/lib/notify'
import { nameProblem } from '@/lib/organization/profile'
import { useCreateOrganization } from '../api/create-organization'

export default function NewOrganizationPage() {
  return (
    <ReadableDimmed>
      <NewOrganizationPageContent />
    </ReadableDimmed>
  )
}

function NewOrganizationPageContent() {
  const create = useCreateOrganization()
  const navigate = useNavigate()
  const [problem, setProblem] = useState<unknown>(null)
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '' },
    validate: { name: nameProblem },
  })

  const submit = form.onSubmit((values) => {
    setProblem(null)
    create.mutate(
      { name: values.name.trim() },
      {
        onSuccess: (org) => {
          notify({ color: 'teal', title: 'Organisation created', message: `${org.name} is ready to set up.` })
          void navigate(`/organizations/${org.id}/onboarding`)
        },
        onError: (error) => {
          applyFieldErrors(form, error)
          if (Object.keys(fieldErrors(error)).length === 0) setProblem(error)
        },
      },
    )
  })

  return (
    <>
      <PageHeader
        title="Create an organisation"
        description="You will be its owner. Next, you can add its details and branding and invite your team."
      />
      <Paper withBorder p="lg" radius="md" maw={560}>
        <form onSubmit={submit} noValidate aria-label="Create an organisation">
          <Stack gap="md">
            {problem !== null && <ProblemAlert error={problem} title="The organisation was not created" />}
            <TextInput
              label="Organisation name"
              description="As your team and patients know it, e.g. Harbour View Allied Health"
              autoComplete="organization"
              maxLength={200}
              required
              withAsterisk={false}
              data-autofocus
              {...form.getInputProps('name')}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" component={Link} to="/">
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create organisation
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  )
}
