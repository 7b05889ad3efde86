import { Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useEffect } from 'react'
import { ProblemAlert } from '@/components/ProblemAlert'
import { fieldErrors } from '@/lib/api/problem'
import { applyFieldErrors } from '@/lib/forms'
import { notifySuccess } from '@/lib/notify'
import { useReviewers } from '@/lib/compliance/reviewers'
import {
  useRecordResult,
  useUpdateResult,
  type ComplianceResult,
  type ComplianceResultChanges,
  type NewComplianceResult,
} from '@/lib/compliance/results'
import { standardOptions, useStandards } from '@/lib/compliance/standards'
import { STATUS_OPTIONS, type ComplianceStatus } from '@/lib/compliance/status'
import { formValues, resultChanges, validateResult, type ResultFormValues } from './result-form'

// The API's field names → this form's.
const RENAME = { reviewer_id: 'reviewerId', review_due_on: 'reviewDueOn' }

interface Props {
  orgId: string
  /** The document a new result is recorded on. */
  documentId: string
  /** The result being edited; absent to record a new one. */
  result?: ComplianceResult | null
  opened: boolean
  onClose: () => void
}

/** Records a compliance result on a document, or edits one. */
export function ResultFormModal({ orgId, documentId, result, opened, onClose }: Props) {
  const standards = useStandards(orgId)
  const reviewers = useReviewers(orgId)
  const record = useRecordResult(orgId, documentId)
  const update = useUpdateResult(orgId)
  const mutation = result ? update : record
  const form = useForm<ResultFormValues>({
    mode: 'controlled',
    initialValues: formValues(null),
    validate: validateResult,
  })

  const key = `${opened}:${result?.id ?? 'new'}`
  useEffect(() => {
    if (!opened) return
    form.setValues(formValues(result ?? null))
    form.resetDirty(formValues(result ?? null))
    form.clearErrors()
    record.reset()
    update.reset()
    // Only when the modal opens on another result.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])

  const submit = (values: ResultFormValues) => {
    const onError = (error: unknown) => applyFieldErrors(form, error, RENAME)
    if (result) {
      const changes: ComplianceResultChanges = resultChanges(result, values)
      update.mutate(
        { id: result.id, changes },
        {
          onSuccess: () => {
            notifySuccess('Result updated', 'The compliance result was saved.')
            onClose()
          },
          onError,
        },
      )
    } else {
      const body: NewComplianceResult = {
        standard: values.standard,
        status: values.status as ComplianceStatus,
        score: values.score === '' ? null : Number(values.score),
        requirement: values.requirement.trim() || null,
        notes: values.notes.trim() || null,
        reviewer_id: values.reviewerId || null,
        review_due_on: values.reviewDueOn || null,
        findings: [],
      }
      record.mutate(body, {
        onSuccess: () => {
          notifySuccess('Result recorded', 'The compliance result was added to this document.')
          onClose()
        },
        onError,
      })
    }
  }

  const reviewerOptions = (reviewers.data ?? []).map((r) => ({ value: r.id, label: r.name }))
  if (result?.reviewer_id && !reviewerOptions.some((o) => o.value === result.reviewer_id)) {
    reviewerOptions.push({ value: result.reviewer_id, label: 'A former member' })
  }
  // Field problems show on their fields; anything else (network, permission) above the buttons.
  const otherProblem = mutation.error && Object.keys(fieldErrors(mutation.error)).length === 0

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={result ? 'Edit compliance result' : 'Record a compliance result'}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <Select
            label="Standard"
            placeholder={standards.isPending ? 'Loading standards…' : 'Choose a standard'}
            data={standardOptions(standards.data ?? [], result?.standard)}
            searchable
            nothingFoundMessage="No standard matches"
            required
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('standard')}
          />
          <TextInput
            label="Requirement"
            description="The action or criterion checked, e.g. 3.10 Hand hygiene."
            descriptionProps={{ c: 'gray.7' }}
            maxLength={200}
            {...form.getInputProps('requirement')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label="Status"
              data={STATUS_OPTIONS.map((o) => ({ ...o }))}
              required
              allowDeselect={false}
              {...form.getInputProps('status')}
            />
            <NumberInput
              label="Score (0–100)"
              min={0}
              max={100}
              decimalScale={1}
              clampBehavior="none"
              allowNegative={false}
              {...form.getInputProps('score')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label="Reviewer"
              placeholder={reviewers.isError ? 'Members could not be loaded' : 'No reviewer'}
              data={reviewerOptions}
              searchable
              clearable
              nothingFoundMessage="No member matches"
              {...form.getInputProps('reviewerId')}
            />
            <TextInput
              type="date"
              label="Review due"
              {...form.getInputProps('reviewDueOn')}
            />
          </SimpleGrid>
          <Textarea label="Notes" autosize minRows={3} maxRows={8} maxLength={5000} {...form.getInputProps('notes')} />
          {otherProblem ? <ProblemAlert error={mutation.error} /> : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {result ? 'Save changes' : 'Record result'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
