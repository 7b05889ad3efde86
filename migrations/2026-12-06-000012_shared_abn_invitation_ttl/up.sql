-- Clinic rules. Several organisations (sites of one practice) may share one ABN: the unique
-- index goes, so a duplicate ABN is no longer refused nor reveals that another organisation
-- holds it. An organisation may give its invitation links longer than the server default
-- (shift-working staff), up to 7 days; NULL keeps the default (VIGIL_INVITATION_TTL_HOURS).
DROP INDEX organizations_abn_active_key;
ALTER TABLE organizations
  ADD COLUMN invitation_ttl_hours integer CHECK (invitation_ttl_hours BETWEEN 1 AND 168);
