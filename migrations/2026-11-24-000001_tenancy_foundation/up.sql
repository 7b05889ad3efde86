-- Organisations, global users and memberships, isolated by row-level security.
-- The server connects as `vigil_app` (or a login role that is a member of it):
-- NOSUPERUSER, NOBYPASSRLS, DML grants only. scripts/db creates it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_app') THEN
    RAISE EXCEPTION 'role vigil_app is missing: create it first (scripts/db does), NOSUPERUSER NOBYPASSRLS';
  END IF;
END
$$;

-- Tenant context, set per transaction with set_config(..., true). After a transaction-local
-- setting ends the value reads '' (not NULL), hence NULLIF before the cast.
CREATE FUNCTION app_current_org_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.org_id', true), '')::uuid $$;

CREATE FUNCTION app_current_user_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;

CREATE TABLE organizations (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  abn text CHECK (abn ~ '^[0-9]{11}$'),
  address_line1 text,
  address_line2 text,
  suburb text,
  state text CHECK (state IN ('ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA')),
  postcode text CHECK (postcode ~ '^[0-9]{4}$'),
  country text NOT NULL DEFAULT 'AU',
  contact_email text,
  contact_phone text,
  time_zone text NOT NULL DEFAULT 'Australia/Sydney',
  logo_key text,
  primary_colour text CHECK (primary_colour ~ '^#[0-9A-F]{6}$'),
  accent_colour text CHECK (accent_colour ~ '^#[0-9A-F]{6}$'),
  subscription_tier text NOT NULL DEFAULT 'free'
    CHECK (subscription_tier IN ('free', 'standard', 'enterprise')),
  onboarding_details text NOT NULL DEFAULT 'pending'
    CHECK (onboarding_details IN ('pending', 'completed', 'skipped')),
  onboarding_branding text NOT NULL DEFAULT 'pending'
    CHECK (onboarding_branding IN ('pending', 'completed', 'skipped')),
  onboarding_team text NOT NULL DEFAULT 'pending'
    CHECK (onboarding_team IN ('pending', 'completed', 'skipped')),
  deleted_at timestamptz,
  purge_after timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organizations_slug_key ON organizations (slug);
CREATE UNIQUE INDEX organizations_abn_active_key ON organizations (abn)
  WHERE abn IS NOT NULL AND deleted_at IS NULL;

-- Users are global: one email, one account, many memberships.
CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
  email_verified_at timestamptz,
  password_hash text NOT NULL,
  first_name text NOT NULL CHECK (char_length(first_name) BETWEEN 1 AND 100),
  last_name text NOT NULL CHECK (char_length(last_name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE memberships (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_user_id_idx ON memberships (user_id);

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON organizations
  USING (id = app_current_org_id())
  WITH CHECK (id = app_current_org_id());
-- Outside any tenant context, a user may read the organisations they belong to (switcher).
CREATE POLICY member_read ON organizations FOR SELECT
  USING (
    app_current_org_id() IS NULL
    AND EXISTS (
      SELECT 1 FROM memberships m
      WHERE m.org_id = organizations.id AND m.user_id = app_current_user_id()
    )
  );

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON memberships
  USING (org_id = app_current_org_id())
  WITH CHECK (org_id = app_current_org_id());
-- Outside any tenant context, a user may read their own memberships.
CREATE POLICY own_read ON memberships FOR SELECT
  USING (app_current_org_id() IS NULL AND user_id = app_current_user_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON organizations, users, memberships TO vigil_app;
