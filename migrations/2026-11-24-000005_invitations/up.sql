-- Invitations by email, and time-limited memberships (locums, auditors).

ALTER TABLE memberships ADD COLUMN access_expires_at timestamptz;

CREATE TABLE invitations (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  email text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
  -- Only the SHA-256 of the emailed token.
  token_hash bytea NOT NULL UNIQUE,
  invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
  expires_at timestamptz NOT NULL,
  access_expires_at timestamptz,
  sent_count integer NOT NULL DEFAULT 1,
  last_sent_at timestamptz NOT NULL DEFAULT now(),
  accepted_at timestamptz,
  accepted_by uuid REFERENCES users (id) ON DELETE SET NULL,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  CHECK (NOT (accepted_at IS NOT NULL AND revoked_at IS NOT NULL))
);
-- One open invitation per address and organisation (expired ones are revoked when replaced).
CREATE UNIQUE INDEX invitations_open_email_key ON invitations (org_id, lower(email))
  WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX invitations_org_created_idx ON invitations (org_id, created_at DESC);

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invitations
  USING (org_id = app_current_org_id())
  WITH CHECK (org_id = app_current_org_id());

-- The holder of an invitation link may read that one invitation, and its organisation, from
-- outside any tenant context: the only cross-tenant lookup by token.
CREATE FUNCTION app_current_invitation_token_hash() RETURNS bytea
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT decode(NULLIF(current_setting('app.invitation_token_hash', true), ''), 'hex') $$;

CREATE POLICY token_holder_read ON invitations FOR SELECT
  USING (app_current_org_id() IS NULL AND token_hash = app_current_invitation_token_hash());
CREATE POLICY invitation_holder_read ON organizations FOR SELECT
  USING (
    app_current_org_id() IS NULL
    AND app_current_invitation_token_hash() IS NOT NULL
    AND EXISTS (
      SELECT 1 FROM invitations i
      WHERE i.org_id = organizations.id AND i.token_hash = app_current_invitation_token_hash()
    )
  );

GRANT SELECT, INSERT, UPDATE, DELETE ON invitations TO vigil_app;

-- Per-organisation security policy (owners and administrators).
CREATE TABLE security_policies (
  org_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  require_mfa boolean NOT NULL DEFAULT false,
  -- Minutes of inactivity after which members' browser sessions end in this organisation.
  session_idle_minutes integer CHECK (session_idle_minutes BETWEEN 5 AND 1440),
  -- Lower-case domains invitations are restricted to; empty = any.
  allowed_email_domains text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL
);
ALTER TABLE security_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE security_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON security_policies
  USING (org_id = app_current_org_id())
  WITH CHECK (org_id = app_current_org_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON security_policies TO vigil_app;
