import { Anchor, Button, Group, NumberInput, Radio, Skeleton, Stack, Switch, TagsInput, Text } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { Link } from 'react-router'
import { ProblemAlert } from '@/components/ProblemAlert'
import { fieldErrors, isApiError } from '@/lib/api/problem'
import { applyFieldErrors } from '@/lib/forms'
import { notify } from '@/lib/notify'
import { useSecurityPolicy, type SecurityPolicy } from '../api/get-security-policy'
import { useUpdateSecurityPolicy } from '../api/update-security-policy'
import {
  IDLE_MAX,
  IDLE_MIN,
  MAX_DOMAINS,
  PASSKEY_REQUIREMENTS,
  domainsProblem,
  idleProblem,
  policyBody,
  policyValuesFrom,
  type PolicyValues,
} from './security-policy'

/** GET/PUT /organizations/{id}/security-policy. */
export function SecurityPolicySection({ orgId }: { orgId: string }) {
  const policy = useSecurityPolicy(orgId)
  if (policy.isPending) {
    return (
      <Stack gap="md" aria-busy="true" aria-label="Loading the security policy">
        <Skeleton h={24} w="60%" />
        <Skeleton h={56} />
        <Skeleton h={56} />
      </Stack>
    )
  }
  if (policy.error) {
    return <ProblemAlert error={policy.error} title="The security policy could not be loaded" onRetry={() => void policy.refetch()} />
  }
  return <SecurityPolicyForm orgId={orgId} policy={policy.data} />
}

function SecurityPolicyForm({ orgId, policy }: { orgId: string; policy: SecurityPolicy }) {
  const update = useUpdateSecurityPolicy(orgId)
  const [problem, setProblem] = useState<unknown>(null)
  const form = useForm<PolicyValues>({
    mode: 'controlled',
    initialValues: policyValuesFrom(policy),
    validate: { session_idle_minutes: idleProblem, allowed_email_domains: domainsProblem },
  })

  const submit = form.onSubmit((values) => {
    setProblem(null)
    update.mutate(policyBody(values), {
      onSuccess: (saved) => {
        const next = policyValuesFrom(saved)
        form.setValues(next)
        form.resetDirty(next)
        notify({ color: 'teal', title: 'Security policy saved', message: 'It applies to everyone from their next request.' })
      },
      onError: (error) => {
        applyFieldErrors(form, error)
        if (Object.keys(fieldErrors(error)).length === 0) setProblem(error)
      },
    })
  })

  return (
    <form onSubmit={submit} noValidate aria-label="Security policy">
      <Stack gap="lg" maw={640}>
        {problem !== null && (
          <Stack gap={4}>
            <ProblemAlert error={problem} title="The security policy was not saved" />
            {isApiError(problem, 'mfa-required-for-you-first') && (
              <Text size="sm">
                <Anchor component={Link} c="inherit" underline="always" to="/account/security">
                  Turn on two-step verification for your account
                </Anchor>{' '}
                first.
              </Text>
            )}
            {isApiError(problem, 'passkey-required-for-you-first') && (
              <Text size="sm">
                <Anchor component={Link} c="inherit" underline="always" to="/account/security">
                  Add a passkey to your account
                </Anchor>{' '}
                first, then save the policy again.
              </Text>
            )}
          </Stack>
        )}
        <Switch
          label="Require two-step verification for everyone"
          description="Members without it are asked to turn it on before they can use the organisation. Turn it on for yourself first."
          {...form.getInputProps('require_mfa', { type: 'checkbox' })}
        />
        <Radio.Group
          label="Require a passkey"
          description="Passkeys are phishing-resistant: they work only on Vigil's own address, so a look-alike site cannot use them. The Essential Eight's Maturity Level 2 offers phishing-resistant MFA; Level 3 requires it for everyone. Members without a passkey are asked to add one before they can use the organisation. Add one to your own account first."
          {...form.getInputProps('require_passkey')}
        >
          <Stack gap="xs" mt="xs">
            {PASSKEY_REQUIREMENTS.map((choice) => (
              <Radio key={choice.value} value={choice.value} label={choice.label} description={choice.description} />
            ))}
          </Stack>
        </Radio.Group>
        <NumberInput
          label="Sign out after inactivity (minutes)"
          description={`Between ${IDLE_MIN} and ${IDLE_MAX}. Leave empty to use Vigil's default.`}
          min={IDLE_MIN}
          max={IDLE_MAX}
          step={5}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          {...form.getInputProps('session_idle_minutes')}
        />
        <TagsInput
          label="Allowed email domains"
          description={`Invitations may only go to these domains and their subdomains (up to ${MAX_DOMAINS}). Press Enter or comma after each. Leave empty to allow any address.`}
          placeholder="clinic.com.au"
          maxTags={MAX_DOMAINS}
          splitChars={[',', ' ', ';']}
          clearable
          {...form.getInputProps('allowed_email_domains')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            Save security policy
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
