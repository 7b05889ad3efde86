import { Alert, Button, ColorInput, Grid, Group, List, Modal, Stack, Text } from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconAlertTriangle, IconTrash } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { ProblemAlert } from '@/components/ProblemAlert'
import { errorMessage, fieldErrors } from '@/lib/api/problem'
import { applyFieldErrors } from '@/lib/forms'
import {
  brandingBody,
  brandingValuesFrom,
  colourProblem,
  contrastWarnings,
  normaliseHex,
  type BrandingValues,
} from '@/lib/organization/branding'
import { useDeleteLogo } from '@/lib/organization/delete-logo'
import { notify } from '@/lib/notify'
import type { Organization } from '@/lib/organization/profile'
import { useUpdateBranding } from '@/lib/organization/update-branding'
import { useUploadLogo } from '@/lib/organization/upload-logo'
import { BrandPreview } from './BrandPreview'
import { LogoPicker, useChosenFile } from './LogoPicker'
import { READABLE_ALERT, READABLE_DIMMED } from './ReadableDimmed'

interface Props {
  organization: Organization
  /** "Save and continue" in onboarding, "Save branding" in settings. */
  submitLabel: string
  onSaved?: (organization: Organization) => void
  secondaryAction?: ReactNode
}

const SWATCHES = ['#1F5F8B', '#1C5D99', '#0B7A75', '#2F6B3A', '#6A3D9A', '#8E2C48', '#B3541E', '#333F48']

function sameColours(a: BrandingValues, b: BrandingValues): boolean {
  return (
    normaliseHex(a.primary_colour) === normaliseHex(b.primary_colour) &&
    normaliseHex(a.accent_colour) === normaliseHex(b.accent_colour)
  )
}

/**
 * Logo (uploaded on save, previewed before) and brand colours with a live header preview,
 * contrast warnings while choosing and the server's warnings once saved.
 */
export function BrandingForm({ organization, submitLabel, onSaved, secondaryAction }: Props) {
  const orgId = organization.id
  const upload = useUploadLogo(orgId)
  const update = useUpdateBranding(orgId)
  const removeLogo = useDeleteLogo(orgId)
  const { file, url: previewUrl, choose } = useChosenFile()
  const [progress, setProgress] = useState<number | null>(null)
  const [uploadError, setUploadError] = useState<string | null>(null)
  const [problem, setProblem] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  const [confirmRemove, setConfirmRemove] = useState(false)

  const form = useForm<BrandingValues>({
    mode: 'controlled',
    initialValues: brandingValuesFrom(organization),
    validate: { primary_colour: colourProblem, accent_colour: colourProblem },
    validateInputOnBlur: true,
  })
  const values = form.getValues()
  const saved = brandingValuesFrom(organization)
  const changed = !sameColours(values, saved)
  const liveWarnings = changed ? contrastWarnings(values) : []
  const serverWarnings = changed ? [] : organization.branding_warnings

  const chooseFile = (next: File | null) => {
    setUploadError(null)
    choose(next)
  }

  const submit = form.onSubmit(async (formValues) => {
    setProblem(null)
    setUploadError(null)
    setSaving(true)
    try {
      if (file) {
        setProgress(0)
        try {
          await upload.mutateAsync({ file, onProgress: setProgress })
          choose(null)
        } catch (error) {
          const fileError = fieldErrors(error).file
          if (fileError) setUploadError(fileError)
          else setProblem(error)
          return
        } finally {
          setProgress(null)
        }
      }
      try {
        const result = await update.mutateAsync(brandingBody(formValues))
        const next = brandingValuesFrom(result)
        form.setValues(next)
        form.resetDirty(next)
        onSaved?.(result)
      } catch (error) {
        applyFieldErrors(form, error)
        if (Object.keys(fieldErrors(error)).length === 0) setProblem(error)
      }
    } finally {
      setSaving(false)
    }
  })

  return (
    <>
      <form onSubmit={submit} noValidate aria-label="Branding">
        <Stack gap="lg">
          {problem !== null && <ProblemAlert error={problem} title="The branding was not saved" />}
          <LogoPicker
            currentUrl={organization.logo_url}
            organizationName={organization.name}
            file={file}
            onFileChange={chooseFile}
            previewUrl={previewUrl}
            error={uploadError}
            progress={progress}
            disabled={saving}
            currentActions={
              <Button
                variant="subtle"
                color="red.9"
                c="red.9"
                size="xs"
                leftSection={<IconTrash size={14} aria-hidden />}
                onClick={() => setConfirmRemove(true)}
                disabled={saving}
              >
                Remove logo
              </Button>
            }
          />
          <Grid gap="md">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <ColorInput
                label="Primary colour"
                description="The header and main buttons"
                format="hex"
                placeholder="#1F5F8B"
                swatches={SWATCHES}
                withEyeDropper={false}
                {...form.getInputProps('primary_colour')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <ColorInput
                label="Accent colour"
                description="Highlights and secondary buttons"
                format="hex"
                placeholder="#F2A541"
                swatches={SWATCHES}
                withEyeDropper={false}
                {...form.getInputProps('accent_colour')}
              />
            </Grid.Col>
          </Grid>
          {liveWarnings.length > 0 && (
            <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title="Low contrast" styles={READABLE_ALERT}>
              <List size="sm" spacing={4}>
                {liveWarnings.map((warning) => (
                  <List.Item key={warning.field}>{warning.message}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {serverWarnings.length > 0 && (
            <Alert
              color="yellow"
              icon={<IconAlertTriangle aria-hidden />}
              title="Accessibility warnings about the saved colours"
              styles={READABLE_ALERT}
              data-testid="branding-warnings"
            >
              <List size="sm" spacing={4}>
                {serverWarnings.map((warning) => (
                  <List.Item key={`${warning.field}-${warning.code}`}>{warning.message}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <BrandPreview
            name={organization.name}
            logoUrl={previewUrl ?? organization.logo_url}
            primary={values.primary_colour}
            accent={values.accent_colour}
          />
          <Group justify="flex-end" gap="sm">
            {secondaryAction}
            <Button type="submit" loading={saving}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
      <Modal opened={confirmRemove} onClose={() => setConfirmRemove(false)} title="Remove the logo?" centered style={READABLE_DIMMED} closeButtonProps={{ 'aria-label': 'Close' }}>
        <Stack>
          <Text size="sm">
            The header, emails and invitations will show the organisation&apos;s name without a logo. You can
            upload a new one at any time.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmRemove(false)}>
              Cancel
            </Button>
            <Button
              color="red.9"
              loading={removeLogo.isPending}
              onClick={() =>
                removeLogo.mutate(undefined, {
                  onSuccess: () => {
                    setConfirmRemove(false)
                    notify({ color: 'teal', title: 'Logo removed', message: 'The organisation no longer has a logo.' })
                  },
                  onError: (error) => {
                    setConfirmRemove(false)
                    notify({ color: 'red', title: 'The logo was not removed', message: errorMessage(error) })
                  },
                })
              }
            >
              Remove the logo
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}
