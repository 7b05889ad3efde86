DROP TRIGGER restamp_members ON security_policies;
DROP FUNCTION app_restamp_security_policy();
DROP TRIGGER restamp_members ON organizations;
DROP FUNCTION app_restamp_organization();
DROP TRIGGER restamp_member ON memberships;
DROP FUNCTION app_restamp_membership();
DROP FUNCTION app_restamp_members(uuid);
ALTER TABLE users DROP COLUMN access_stamp;
DROP SEQUENCE member_access_stamps;
