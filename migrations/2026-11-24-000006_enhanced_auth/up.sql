-- Enhanced authentication: login activity, lockout counters, blocked IPs, security events,
-- TOTP multi-factor authentication, and more single-use token purposes.

ALTER TABLE users
  ADD COLUMN disabled_at timestamptz,
  -- TOTP secret, AES-256-GCM encrypted with a key from configuration (nonce || ciphertext).
  ADD COLUMN mfa_secret_encrypted bytea,
  ADD COLUMN mfa_enabled_at timestamptz,
  -- Last accepted TOTP time step: a code is accepted once.
  ADD COLUMN mfa_last_step bigint;

ALTER TABLE user_tokens DROP CONSTRAINT user_tokens_purpose_check;
ALTER TABLE user_tokens ADD CONSTRAINT user_tokens_purpose_check
  CHECK (purpose IN ('verify_email', 'password_reset', 'unlock', 'not_me', 'email_change'));
-- For an email change: the new address, confirmed by its own link.
ALTER TABLE user_tokens ADD COLUMN data text;

-- Every sign-in attempt.
CREATE TABLE login_attempts (
  id uuid PRIMARY KEY,
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  email text NOT NULL,
  ip text,
  user_agent text,
  device text,
  outcome text NOT NULL CHECK (outcome IN (
    'success', 'bad_password', 'unknown_email', 'locked', 'unverified', 'disabled',
    'mfa_required', 'mfa_failed', 'rate_limited', 'ip_blocked')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_user_idx ON login_attempts (user_id, created_at DESC);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, created_at DESC);

-- Failure counters, per account and source IP, and per account ('*'), updated atomically.
CREATE TABLE login_throttles (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ip text NOT NULL,
  -- Failures since the last success or lock.
  failures integer NOT NULL DEFAULT 0,
  -- Failures since the last success, across locks (the hard limit counts these).
  consecutive_failures integer NOT NULL DEFAULT 0,
  -- How many locks so far: each doubles the next one.
  lock_level integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, ip)
);

-- Source IPs blocked from signing in (credential stuffing).
CREATE TABLE blocked_ips (
  ip text PRIMARY KEY,
  blocked_until timestamptz NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Security-relevant changes to an account, shown in its activity.
CREATE TABLE security_events (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL,
  ip text,
  user_agent text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX security_events_user_idx ON security_events (user_id, created_at DESC);

CREATE TABLE mfa_recovery_codes (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash bytea NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- A password check passed; the second factor is awaited.
CREATE TABLE mfa_challenges (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash bytea NOT NULL UNIQUE,
  remember_me boolean NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE, DELETE
  ON login_attempts, login_throttles, blocked_ips, security_events, mfa_recovery_codes,
     mfa_challenges TO vigil_app;
