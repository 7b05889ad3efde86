DROP TABLE mfa_challenges;
DROP TABLE mfa_recovery_codes;
DROP TABLE security_events;
DROP TABLE blocked_ips;
DROP TABLE login_throttles;
DROP TABLE login_attempts;
DELETE FROM user_tokens WHERE purpose NOT IN ('verify_email', 'password_reset');
ALTER TABLE user_tokens DROP COLUMN data;
ALTER TABLE user_tokens DROP CONSTRAINT user_tokens_purpose_check;
ALTER TABLE user_tokens ADD CONSTRAINT user_tokens_purpose_check
  CHECK (purpose IN ('verify_email', 'password_reset'));
ALTER TABLE users
  DROP COLUMN mfa_last_step,
  DROP COLUMN mfa_enabled_at,
  DROP COLUMN mfa_secret_encrypted,
  DROP COLUMN disabled_at;
