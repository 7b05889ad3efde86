import { Button, Grid, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useState, type ReactNode } from 'react'
import { ProblemAlert } from '@/components/ProblemAlert'
import { abnProblem, formatAbn } from '@/lib/abn'
import { fieldErrors } from '@/lib/api/problem'
import { applyFieldErrors } from '@/lib/forms'
import {
  AU_STATES,
  PROFILE_ERROR_RENAMES,
  PROFILE_FIELDS,
  profileBody,
  profileValidation,
  profileValuesFrom,
  timeZoneOptions,
  type Organization,
  type ProfileValues,
} from '@/lib/organization/profile'
import { useUpdateOrganization } from '@/lib/organization/update-organization'

interface Props {
  organization: Organization
  /** "Save and continue" in onboarding, "Save changes" in settings. */
  submitLabel: string
  onSaved?: (organization: Organization) => void
  /** Shown beside the submit button (e.g. "Skip for now"). */
  secondaryAction?: ReactNode
}

/** Server errors that name a field the form does not show must still be seen. */
function hasUnshownErrors(error: unknown): boolean {
  const fields = Object.keys(fieldErrors(error))
  if (fields.length === 0) return true
  return fields.some((field) => !PROFILE_FIELDS.includes((PROFILE_ERROR_RENAMES[field] ?? field) as keyof ProfileValues))
}

/** Organisation name, ABN, address, contacts and time zone (PATCH /organizations/{id}). */
export function OrganizationProfileForm({ organization, submitLabel, onSaved, secondaryAction }: Props) {
  const update = useUpdateOrganization(organization.id)
  const [problem, setProblem] = useState<unknown>(null)
  const form = useForm<ProfileValues>({
    mode: 'controlled',
    initialValues: profileValuesFrom(organization),
    validate: profileValidation,
    validateInputOnBlur: true,
  })

  const submit = form.onSubmit((values) => {
    setProblem(null)
    update.mutate(profileBody(values), {
      onSuccess: (saved) => {
        const next = profileValuesFrom(saved)
        form.setValues(next)
        form.resetDirty(next)
        onSaved?.(saved)
      },
      onError: (error) => {
        applyFieldErrors(form, error, PROFILE_ERROR_RENAMES)
        if (hasUnshownErrors(error)) setProblem(error)
      },
    })
  })

  const abnProps = form.getInputProps('abn')
  const states = [{ value: '', label: 'Choose a state or territory' }, ...AU_STATES.map((s) => ({ value: s, label: s }))]

  return (
    <form onSubmit={submit} noValidate aria-label="Organisation details">
      <Stack gap="md">
        {problem !== null && <ProblemAlert error={problem} title="The details were not saved" />}
        <TextInput
          label="Organisation name"
          required
          withAsterisk={false}
          autoComplete="organization"
          maxLength={200}
          {...form.getInputProps('name')}
        />
        <TextInput
          label="ABN"
          description="Australian Business Number: 11 digits, e.g. 51 824 753 556"
          inputMode="numeric"
          autoComplete="off"
          {...abnProps}
          onBlur={(event) => {
            abnProps.onBlur?.(event)
            const value = form.getValues().abn
            if (value.trim() !== '' && abnProblem(value) === null) form.setFieldValue('abn', formatAbn(value))
          }}
        />
        <Title order={3} size="h5" mt="xs">
          Address
        </Title>
        <TextInput label="Address line 1" autoComplete="address-line1" {...form.getInputProps('address_line1')} />
        <TextInput label="Address line 2" autoComplete="address-line2" {...form.getInputProps('address_line2')} />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label="Suburb" autoComplete="address-level2" {...form.getInputProps('suburb')} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <NativeSelect label="State" data={states} autoComplete="address-level1" {...form.getInputProps('state')} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <TextInput
              label="Postcode"
              inputMode="numeric"
              autoComplete="postal-code"
              maxLength={4}
              {...form.getInputProps('postcode')}
            />
          </Grid.Col>
        </Grid>
        <Title order={3} size="h5" mt="xs">
          Contact
        </Title>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label="Contact email" type="email" autoComplete="email" {...form.getInputProps('contact_email')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput label="Contact phone" type="tel" autoComplete="tel" {...form.getInputProps('contact_phone')} />
          </Grid.Col>
        </Grid>
        <NativeSelect
          label="Time zone"
          description="Used for dates in emails and reports"
          data={timeZoneOptions(form.getValues().time_zone)}
          {...form.getInputProps('time_zone')}
        />
        <Group justify="flex-end" gap="sm" mt="sm">
          {secondaryAction}
          <Button type="submit" loading={update.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
