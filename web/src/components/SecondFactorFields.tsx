import { Anchor, PasswordInput, TextInput } from '@mantine/core'
import type { GetInputPropsReturnType } from '@mantine/form'

interface Props {
  /** The password field's props (`form.getInputProps(…)`). */
  password: GetInputPropsReturnType
  /**
   * The second factor's props: the app code's, or while `recovery` is on, the recovery code's
   * (one form field or two, as the form keeps them). Without it only the password is asked for.
   */
  code?: GetInputPropsReturnType
  /** Whether the person is entering a recovery code instead of a code from their app. */
  recovery: boolean
  /** Switches between the app code and a recovery code. */
  onToggleRecovery: () => void
  /** Said under the recovery code field, if anything. */
  recoveryDescription?: string
}

/**
 * The password, then a 6-digit code from the authenticator app or (the person's choice) one of
 * their recovery codes: the fields of a form that confirms it is them. Goes inside a `Stack`.
 */
export function SecondFactorFields({ password, code, recovery, onToggleRecovery, recoveryDescription }: Props) {
  return (
    <>
      <PasswordInput label="Your password" autoComplete="current-password" required data-autofocus {...password} />
      {code && (
        <>
          {recovery ? (
            <TextInput
              label="Recovery code"
              description={recoveryDescription}
              autoComplete="off"
              spellCheck={false}
              required
              {...code}
            />
          ) : (
            <TextInput
              label="Authentication code"
              description="The 6-digit code your authenticator app shows now."
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              required
              {...code}
            />
          )}
          <Anchor component="button" type="button" size="sm" onClick={onToggleRecovery} style={{ alignSelf: 'flex-start' }}>
            {recovery ? 'Use a code from my app instead' : 'Use a recovery code instead'}
          </Anchor>
        </>
      )}
    </>
  )
}
