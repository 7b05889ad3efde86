-- Every lock expires by itself. Locks "until unlocked" (the old hard limit, stored as the
-- year 9999) become ordinary locks of the default longest length (one day), from now.
UPDATE login_throttles
   SET locked_until = now() + interval '1 day', updated_at = now()
 WHERE locked_until > now() + interval '1 day';
-- `consecutive_failures` (the hard limit's counter) is no longer read or written; it is kept
-- until every running server is past this version (expand/contract), then dropped.

-- OWASP "device cookies": a browser that completed a sign-in keeps a signed cookie naming
-- one of these rows. It lets that browser through account-wide locks and the shared
-- per-account rate limit, until it has `failures` wrong guesses of its own.
CREATE TABLE trusted_devices (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- SHA-256 of the cookie's random nonce (the cookie carries the nonce, signed).
  nonce_hash bytea NOT NULL UNIQUE,
  failures integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX trusted_devices_user_idx ON trusted_devices (user_id) WHERE revoked_at IS NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON trusted_devices TO vigil_app;
