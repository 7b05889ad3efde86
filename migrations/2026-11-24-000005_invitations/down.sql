DROP TABLE security_policies;
DROP POLICY invitation_holder_read ON organizations;
DROP TABLE invitations;
DROP FUNCTION app_current_invitation_token_hash();
ALTER TABLE memberships DROP COLUMN access_expires_at;
