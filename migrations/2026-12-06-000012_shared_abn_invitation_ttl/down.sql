ALTER TABLE organizations DROP COLUMN invitation_ttl_hours;
-- Fails while two live organisations share an ABN: they must be told apart first.
CREATE UNIQUE INDEX organizations_abn_active_key ON organizations (abn)
  WHERE abn IS NOT NULL AND deleted_at IS NULL;
