ALTER TABLE sessions DROP COLUMN authenticated_at, DROP COLUMN auth_method;
