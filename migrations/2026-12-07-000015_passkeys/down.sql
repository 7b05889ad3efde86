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
ALTER TABLE security_policies DROP COLUMN require_passkey;
DELETE FROM sessions WHERE auth_method IN ('password_passkey', 'passkey');
ALTER TABLE sessions DROP CONSTRAINT sessions_auth_method_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_auth_method_check
  CHECK (auth_method IN ('password', 'password_totp', 'password_recovery_code'));
DELETE FROM login_attempts WHERE outcome = 'passkey_failed';
ALTER TABLE login_attempts DROP CONSTRAINT login_attempts_outcome_check;
ALTER TABLE login_attempts ADD CONSTRAINT login_attempts_outcome_check CHECK (outcome IN (
  'success', 'bad_password', 'unknown_email', 'locked', 'unverified', 'disabled',
  'mfa_required', 'mfa_failed', 'rate_limited', 'ip_blocked'));
ALTER TABLE mfa_challenges DROP COLUMN passkey_state;
DROP TABLE passkey_ceremonies;
DROP TABLE passkeys;
DROP FUNCTION app_count_passkeys();
ALTER TABLE users DROP COLUMN passkey_count, DROP COLUMN webauthn_handle;
