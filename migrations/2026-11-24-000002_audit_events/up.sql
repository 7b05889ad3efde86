-- An organisation's audit trail. Append-only for the application role.
CREATE TABLE audit_events (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  actor_user_id uuid,
  action text NOT NULL CHECK (char_length(action) BETWEEN 1 AND 100),
  target_type text,
  target_id text,
  ip text,
  request_id text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX audit_events_org_created_idx ON audit_events (org_id, created_at DESC);

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_events
  USING (org_id = app_current_org_id())
  WITH CHECK (org_id = app_current_org_id());

GRANT SELECT, INSERT ON audit_events TO vigil_app;
