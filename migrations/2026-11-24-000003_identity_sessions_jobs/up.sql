-- Profiles, sessions, single-use tokens, the outbox, rate limits and CAPTCHA replay protection.
-- All global tables (no org_id): they are keyed by user, token hash or limiter key.

ALTER TABLE users
  ADD COLUMN job_title text CHECK (char_length(job_title) <= 100),
  ADD COLUMN phone text CHECK (char_length(phone) <= 30),
  ADD COLUMN time_zone text NOT NULL DEFAULT 'Australia/Sydney',
  ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now();

-- Browser sessions. Only the SHA-256 of the cookie's token is stored.
CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash bytea NOT NULL UNIQUE,
  csrf_token text NOT NULL,
  remember_me boolean NOT NULL,
  current_organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_reason text
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id) WHERE revoked_at IS NULL;

-- Email verification, password reset (and later unlock, email change) tokens.
CREATE TABLE user_tokens (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('verify_email', 'password_reset')),
  token_hash bytea NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_tokens_user_purpose_idx ON user_tokens (user_id, purpose) WHERE used_at IS NULL;

-- Transactional outbox: written in the same transaction as the change that causes the job.
CREATE TABLE background_jobs (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL CHECK (max_attempts > 0),
  run_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX background_jobs_due_idx ON background_jobs (run_at) WHERE status IN ('pending', 'running');

-- Fixed-window counters shared by every server instance.
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  count integer NOT NULL
);

-- ALTCHA solutions already redeemed (the library keeps no state).
CREATE TABLE captcha_redemptions (
  challenge_hash bytea PRIMARY KEY,
  expires_at timestamptz NOT NULL
);

GRANT SELECT, INSERT, UPDATE, DELETE
  ON sessions, user_tokens, background_jobs, rate_limits, captcha_redemptions TO vigil_app;
