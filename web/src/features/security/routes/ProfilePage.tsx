import { Button, Group, Paper, Select, SimpleGrid, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconArrowLeft } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { Link } from 'react-router'
import { PageHeader } from '@/components/PageHeader'
import { ProblemAlert } from '@/components/ProblemAlert'
import { LoadingState } from '@/components/States'
import { applyFieldErrors } from '@/lib/forms'
import { useSession } from '@/lib/session'
import { useUpdateMe, type UserResponse } from '../api/update-me'
import { timeZoneOptions } from '../components/time-zones'

export default function ProfilePage() {
  const user = useSession()?.user
  return (
    <>
      <PageHeader
        title="Profile"
        description="Your name and details as your organisations see them."
        actions={
          <Button component={Link} to="/account/security" variant="default" leftSection={<IconArrowLeft size={18} aria-hidden />}>
            My security
          </Button>
        }
      />
      {user ? <ProfileForm user={user} /> : <LoadingState label="Loading your profile" />}
    </>
  )
}

function ProfileForm({ user }: { user: UserResponse }) {
  const update = useUpdateMe()
  const [error, setError] = useState<unknown>(null)
  const zones = useMemo(() => timeZoneOptions(user.time_zone), [user.time_zone])
  const form = useForm({
    initialValues: {
      first_name: user.first_name,
      last_name: user.last_name,
      job_title: user.job_title ?? '',
      phone: user.phone ?? '',
      time_zone: user.time_zone,
    },
    validate: {
      first_name: (value) => (value.trim() ? null : 'Enter your first name.'),
      last_name: (value) => (value.trim() ? null : 'Enter your last name.'),
      time_zone: (value) => (value ? null : 'Choose your time zone.'),
    },
  })

  const submit = form.onSubmit((values) => {
    setError(null)
    update.mutate(
      {
        first_name: values.first_name.trim(),
        last_name: values.last_name.trim(),
        job_title: values.job_title.trim(),
        phone: values.phone.trim(),
        time_zone: values.time_zone,
      },
      {
        onSuccess: (saved) => {
          form.setInitialValues({
            first_name: saved.first_name,
            last_name: saved.last_name,
            job_title: saved.job_title ?? '',
            phone: saved.phone ?? '',
            time_zone: saved.time_zone,
          })
          form.reset()
          notifications.show({ color: 'green', title: 'Profile saved', message: 'Your details are up to date.' })
        },
        onError: (err) => {
          if (!applyFieldErrors(form, err)) setError(err)
        },
      },
    )
  })

  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }} maw={720}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {error !== null && <ProblemAlert error={error} title="Your profile was not saved" />}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label="First name" autoComplete="given-name" required {...form.getInputProps('first_name')} />
            <TextInput label="Last name" autoComplete="family-name" required {...form.getInputProps('last_name')} />
            <TextInput label="Job title" autoComplete="organization-title" {...form.getInputProps('job_title')} />
            <TextInput label="Phone" type="tel" autoComplete="tel" {...form.getInputProps('phone')} />
          </SimpleGrid>
          <Select
            label="Time zone"
            description="Times in emails from Vigil use this zone."
            data={zones}
            searchable
            required
            allowDeselect={false}
            nothingFoundMessage="No time zone matches"
            {...form.getInputProps('time_zone')}
          />
          <Group>
            <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  )
}
