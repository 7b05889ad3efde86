-- Passkeys (WebAuthn): a person's phishing-resistant credentials, as the second factor after
-- the password or on their own (a discoverable credential: passwordless sign-in).

-- The WebAuthn user handle: random and stable, the same for all of a person's passkeys, so a
-- discoverable credential names its person without revealing the account id or address.
ALTER TABLE users
  ADD COLUMN webauthn_handle uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
  -- Kept by the trigger below: the session read learns "has a passkey" from the users row.
  ADD COLUMN passkey_count integer NOT NULL DEFAULT 0 CHECK (passkey_count >= 0);

CREATE TABLE passkeys (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- One credential is one person's: a second registration of the same id is refused.
  credential_id bytea NOT NULL UNIQUE,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 60),
  -- The library's credential (public key, signature counter, flags) as JSON.
  credential jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX passkeys_user_idx ON passkeys (user_id, created_at);

CREATE FUNCTION app_count_passkeys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE users SET passkey_count = passkey_count + 1 WHERE id = NEW.user_id;
  ELSE
    UPDATE users SET passkey_count = passkey_count - 1 WHERE id = OLD.user_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER passkeys_count AFTER INSERT OR DELETE ON passkeys
  FOR EACH ROW EXECUTE FUNCTION app_count_passkeys();

-- A registration, a passwordless sign-in or a step-up between its two requests: the
-- library's state (the challenge it issued), single use, found by the hash of the token the
-- client holds.
CREATE TABLE passkey_ceremonies (
  id uuid PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE,
  purpose text NOT NULL CHECK (purpose IN ('registration', 'sign_in', 'step_up')),
  -- The person registering or stepping up; NULL for a sign-in (the passkey will say who).
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  state jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((purpose = 'sign_in') = (user_id IS NULL))
);
CREATE INDEX passkey_ceremonies_expiry_idx ON passkey_ceremonies (expires_at);

-- The second step of a password sign-in may be a passkey: its challenge is kept with the
-- sign-in's own.
ALTER TABLE mfa_challenges ADD COLUMN passkey_state jsonb;

ALTER TABLE sessions DROP CONSTRAINT sessions_auth_method_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_auth_method_check
  CHECK (auth_method IN ('password', 'password_totp', 'password_recovery_code',
                         'password_passkey', 'passkey'));

ALTER TABLE login_attempts DROP CONSTRAINT login_attempts_outcome_check;
ALTER TABLE login_attempts ADD CONSTRAINT login_attempts_outcome_check CHECK (outcome IN (
  'success', 'bad_password', 'unknown_email', 'locked', 'unverified', 'disabled',
  'mfa_required', 'mfa_failed', 'rate_limited', 'ip_blocked', 'passkey_failed'));

GRANT SELECT, INSERT, UPDATE, DELETE ON passkeys, passkey_ceremonies TO vigil_app;

-- Who must sign in with a passkey to use an organisation (Essential Eight ML3: phishing-resistant
-- MFA). The session read learns it with the other membership facts.
ALTER TABLE security_policies
  ADD COLUMN require_passkey text NOT NULL DEFAULT 'off'
    CHECK (require_passkey IN ('off', 'owners_and_admins', 'everyone'));

CREATE OR REPLACE FUNCTION app_member_access(p_user uuid) RETURNS jsonb
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  AS $$
DECLARE
  found_org text := coalesce(current_setting('app.org_id', true), '');
  found_user text := coalesce(current_setting('app.user_id', true), '');
  result jsonb;
BEGIN
  PERFORM set_config('app.org_id', '', true), set_config('app.user_id', p_user::text, true);
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'org_id', o.id,
           'name', o.name,
           'slug', o.slug,
           'role', m.role,
           'primary_colour', o.primary_colour,
           'accent_colour', o.accent_colour,
           'logo_key', o.logo_key,
           'deleted_at', o.deleted_at,
           'access_expires_at', m.access_expires_at,
           'require_mfa', coalesce(p.require_mfa, false),
           'require_passkey', coalesce(p.require_passkey, 'off'),
           'session_idle_minutes', p.session_idle_minutes
         ) ORDER BY m.created_at, o.id), '[]'::jsonb)
    INTO result
    FROM memberships m
    JOIN organizations o ON o.id = m.org_id
    LEFT JOIN security_policies p ON p.org_id = m.org_id
   WHERE m.user_id = p_user;
  PERFORM set_config('app.org_id', found_org, true), set_config('app.user_id', found_user, true);
  RETURN result;
END
$$;
