DROP POLICY member_read ON organizations;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE organizations;
DROP FUNCTION app_current_user_id();
DROP FUNCTION app_current_org_id();
