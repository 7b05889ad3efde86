-- What `vigil import-sqlite` imported from the old single-user tool's SQLite database
-- (docs/legacy-sqlite.md): which legacy row became which Vigil row, per organisation and
-- source, so a re-run imports only rows it has not imported before.
--
-- `source` is the SHA-256 fingerprint of the legacy database's identity. One row per
-- import with legacy_table = 'source' (legacy_id 0, new_id = the organisation) says which
-- organisation a source went to; the others map users, documents and compliance results.
CREATE TABLE legacy_imports (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  source text NOT NULL CHECK (source ~ '^[0-9a-f]{64}$'),
  legacy_table text NOT NULL
    CHECK (legacy_table IN ('source', 'users', 'documents', 'compliance_results')),
  legacy_id bigint NOT NULL,
  new_id uuid NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, source, legacy_table, legacy_id)
);
-- A source goes to one organisation only (two imports racing: the second fails and rolls back).
CREATE UNIQUE INDEX legacy_imports_source_key ON legacy_imports (source)
  WHERE legacy_table = 'source';

ALTER TABLE legacy_imports ENABLE ROW LEVEL SECURITY;
ALTER TABLE legacy_imports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON legacy_imports
  USING (org_id = app_current_org_id())
  WITH CHECK (org_id = app_current_org_id());

-- A re-run learns the organisation from the source before it knows the organisation: the only
-- cross-tenant lookup by source, and it returns only that source's row.
CREATE FUNCTION app_current_legacy_source() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.legacy_import_source', true), '') $$;
CREATE POLICY source_holder_read ON legacy_imports FOR SELECT
  USING (
    app_current_org_id() IS NULL
    AND legacy_table = 'source'
    AND source = app_current_legacy_source()
  );

-- Mappings are written once and go with their organisation.
GRANT SELECT, INSERT, DELETE ON legacy_imports TO vigil_app;
