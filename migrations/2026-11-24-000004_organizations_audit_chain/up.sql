-- Organisation lifecycle (soft delete, purge tombstones), ops read access, and a hash-chained,
-- append-only audit log.

ALTER TABLE organizations ADD COLUMN deleted_by uuid;

-- The owner role (migrations and ops commands such as `vigil audit verify`) may list every
-- organisation; it owns the tables and could disable RLS anyway. The application role may not.
CREATE POLICY ops_read ON organizations FOR SELECT TO CURRENT_USER USING (true);

-- What is left of an organisation after its data was purged at the end of the grace period.
-- Deliberately global (no org_id): an operations record that the organisation existed.
CREATE TABLE deleted_organizations (
  organization_id uuid PRIMARY KEY,
  name text NOT NULL,
  slug text NOT NULL,
  deleted_by uuid,
  deleted_at timestamptz NOT NULL,
  purged_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON deleted_organizations TO vigil_app;

-- Hash chain: each event stores the hash of the previous one of its organisation.
ALTER TABLE audit_events
  ADD COLUMN seq bigint,
  ADD COLUMN prev_hash bytea,
  ADD COLUMN hash bytea,
  ADD COLUMN actor_type text NOT NULL DEFAULT 'user'
    CHECK (actor_type IN ('user', 'api_client', 'system')),
  ADD COLUMN user_agent text;

-- The hashed form of an event: every field, unit-separated, timestamp in UTC to the microsecond.
CREATE FUNCTION audit_event_hash(e audit_events) RETURNS bytea
  LANGUAGE sql STABLE
  AS $$
    SELECT sha256(convert_to(concat_ws(E'\x1f',
      coalesce(encode(e.prev_hash, 'hex'), ''),
      e.seq::text, e.org_id::text, e.id::text, e.actor_type,
      coalesce(e.actor_user_id::text, ''), e.action,
      coalesce(e.target_type, ''), coalesce(e.target_id, ''),
      coalesce(e.ip, ''), coalesce(e.user_agent, ''), coalesce(e.request_id, ''),
      e.details::text,
      to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')), 'UTF8'))
  $$;

-- Chain existing events in order.
DO $$
DECLARE
  e audit_events;
  previous bytea;
  current_org uuid;
  n bigint;
BEGIN
  FOR e IN SELECT * FROM audit_events ORDER BY org_id, created_at, id LOOP
    IF current_org IS DISTINCT FROM e.org_id THEN
      current_org := e.org_id; previous := NULL; n := 0;
    END IF;
    n := n + 1;
    e.seq := n;
    e.prev_hash := previous;
    e.hash := audit_event_hash(e);
    UPDATE audit_events SET seq = e.seq, prev_hash = e.prev_hash, hash = e.hash
      WHERE org_id = e.org_id AND id = e.id;
    previous := e.hash;
  END LOOP;
END
$$;

ALTER TABLE audit_events ALTER COLUMN seq SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_events_org_seq_key ON audit_events (org_id, seq);

-- Every insert joins its organisation's chain. The per-organisation advisory lock serialises
-- concurrent writers (READ COMMITTED: each waits, then sees the latest event), so the chain
-- cannot fork; the unique (org_id, seq) index is the last line of defence.
CREATE FUNCTION audit_events_chain() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  DECLARE
    last_event record;
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('audit:' || NEW.org_id::text, 0));
    SELECT seq, hash INTO last_event FROM audit_events
      WHERE org_id = NEW.org_id ORDER BY seq DESC LIMIT 1;
    NEW.seq := coalesce(last_event.seq, 0) + 1;
    NEW.prev_hash := last_event.hash;
    NEW.hash := audit_event_hash(NEW);
    RETURN NEW;
  END
  $$;
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

-- Checks one organisation's chain: how many events, and the first that does not verify.
CREATE FUNCTION audit_chain_verify(p_org uuid, OUT events_checked bigint, OUT first_broken_seq bigint)
  LANGUAGE plpgsql STABLE
  AS $$
  DECLARE
    e audit_events;
    expected_prev bytea := NULL;
    expected_seq bigint := 1;
  BEGIN
    events_checked := 0;
    FOR e IN SELECT * FROM audit_events WHERE org_id = p_org ORDER BY seq LOOP
      events_checked := events_checked + 1;
      IF e.seq <> expected_seq
         OR e.prev_hash IS DISTINCT FROM expected_prev
         OR e.hash IS DISTINCT FROM audit_event_hash(e) THEN
        first_broken_seq := e.seq;
        RETURN;
      END IF;
      expected_prev := e.hash;
      expected_seq := e.seq + 1;
    END LOOP;
  END
  $$;

CREATE INDEX audit_events_org_action_idx ON audit_events (org_id, action, seq DESC);
