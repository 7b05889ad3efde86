-- An organisation's documents, compliance results and reports (files in blob storage, rows
-- here), API clients for third parties, and the keys that sign their access tokens.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE documents (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  -- The sanitised display name; never part of the storage key.
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
  kind text NOT NULL CHECK (kind IN ('pdf', 'docx', 'xlsx', 'csv', 'txt', 'png', 'jpeg')),
  content_type text NOT NULL,
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text NOT NULL,
  uploaded_by_user uuid REFERENCES users (id) ON DELETE SET NULL,
  uploaded_by_client uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
-- Listing newest first stays an index range scan whatever the number of organisations.
CREATE INDEX documents_org_created_idx ON documents (org_id, created_at DESC, id DESC);
CREATE INDEX documents_name_trgm_idx ON documents USING gin (name gin_trgm_ops);

CREATE TABLE compliance_results (
  org_id uuid NOT NULL,
  id uuid NOT NULL,
  document_id uuid NOT NULL,
  standard text NOT NULL CHECK (standard ~ '^[A-Z0-9][A-Z0-9._-]{0,49}$'),
  status text NOT NULL
    CHECK (status IN ('compliant', 'partially_compliant', 'non_compliant', 'not_assessed')),
  score double precision CHECK (score >= 0 AND score <= 100),
  findings jsonb NOT NULL DEFAULT '[]'::jsonb,
  storage_key text NOT NULL,
  created_by_user uuid REFERENCES users (id) ON DELETE SET NULL,
  created_by_client uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, document_id) REFERENCES documents (org_id, id) ON DELETE CASCADE
);
CREATE INDEX compliance_results_document_idx
  ON compliance_results (org_id, document_id, created_at DESC);
CREATE INDEX compliance_results_org_created_idx
  ON compliance_results (org_id, created_at DESC, id DESC);

CREATE TABLE reports (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('compliance_summary', 'audit_log')),
  format text NOT NULL CHECK (format IN ('csv')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ready', 'failed')),
  name text NOT NULL,
  storage_key text,
  size_bytes bigint,
  sha256 text,
  error text,
  requested_by_user uuid REFERENCES users (id) ON DELETE SET NULL,
  requested_by_client uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX reports_org_created_idx ON reports (org_id, created_at DESC, id DESC);

CREATE TABLE api_clients (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  -- Public identifier, sent with the secret to the token endpoint.
  client_id text NOT NULL UNIQUE,
  -- SHA-256 of the 256-bit random secret (shown once).
  secret_hash bytea NOT NULL,
  scopes text[] NOT NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (org_id, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['documents', 'compliance_results', 'reports', 'api_clients'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (org_id = app_current_org_id()) WITH CHECK (org_id = app_current_org_id())',
      t);
  END LOOP;
END
$$;

-- The token endpoint finds a client by its public id before knowing its organisation: the
-- only cross-tenant lookup by client id, and it returns only that client.
CREATE FUNCTION app_current_api_client_id() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.api_client_id', true), '') $$;
CREATE POLICY client_id_holder_read ON api_clients FOR SELECT
  USING (app_current_org_id() IS NULL AND client_id = app_current_api_client_id());

-- Keys signing API access tokens (EdDSA). Private keys are encrypted with VIGIL_ENCRYPTION_KEY.
CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  private_key_encrypted bytea NOT NULL,
  public_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- No longer signs new tokens; published until every token it signed has expired.
  retired_at timestamptz
);

GRANT SELECT, INSERT, UPDATE, DELETE
  ON documents, compliance_results, reports, api_clients, signing_keys TO vigil_app;
