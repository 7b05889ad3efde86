-- How and when a session's person proved who they are. Sessions from before this version
-- are taken as password-only: the safe assumption (an organisation requiring MFA steps
-- them up), since how they were made was not recorded.
ALTER TABLE sessions
  ADD COLUMN auth_method text NOT NULL DEFAULT 'password'
    CHECK (auth_method IN ('password', 'password_totp', 'password_recovery_code')),
  ADD COLUMN authenticated_at timestamptz;
UPDATE sessions SET authenticated_at = created_at;
ALTER TABLE sessions
  ALTER COLUMN authenticated_at SET NOT NULL,
  ALTER COLUMN authenticated_at SET DEFAULT now();
