DROP INDEX audit_events_org_action_idx;
DROP FUNCTION audit_chain_verify(uuid);
DROP TRIGGER audit_events_chain ON audit_events;
DROP FUNCTION audit_events_chain();
DROP INDEX audit_events_org_seq_key;
DROP FUNCTION audit_event_hash(audit_events);
ALTER TABLE audit_events
  DROP COLUMN user_agent,
  DROP COLUMN actor_type,
  DROP COLUMN hash,
  DROP COLUMN prev_hash,
  DROP COLUMN seq;
DROP TABLE deleted_organizations;
DROP POLICY ops_read ON organizations;
ALTER TABLE organizations DROP COLUMN deleted_by;
