DROP FUNCTION app_member_access(uuid);
DROP POLICY member_read ON security_policies;
