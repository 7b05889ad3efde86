-- Vigil's roles and database, for the postgres service of docker/compose.yaml.
--
-- The postgres image runs this once, when it initialises an empty data volume
-- (/docker-entrypoint-initdb.d), as the superuser, connected to the `postgres` database, with
-- ON_ERROR_STOP. The statements are those of pg_setup_roles (with its optional backup role) and
-- pg_create_database in scripts/lib.sh, in the same order; keep the two in step:
--   vigil_owner   LOGIN CREATEDB, NOSUPERUSER NOBYPASSRLS NOCREATEROLE: owns the database, runs
--                 `vigil migrate`
--   vigil_app     LOGIN, NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB: the server's role; the
--                 migrations grant it DML only
--   vigil_backup  LOGIN BYPASSRLS, NOSUPERUSER NOCREATEDB NOCREATEROLE, member of
--                 pg_read_all_data: pg_dump for scripts/backup. Every tenant table has FORCE ROW
--                 LEVEL SECURITY, so pg_dump as any other role (the owner included) stops with an
--                 error instead of writing a full dump.
-- Passwords come from the container's environment (psql 15's \getenv), which compose fills
-- from docker/.env: nothing secret is written here. Safe to run again.

\set ON_ERROR_STOP on

\getenv owner_pw PG_OWNER_PASSWORD
\getenv app_pw PG_APP_PASSWORD
\getenv backup_pw PG_BACKUP_PASSWORD
\if :{?owner_pw}
\else
\set owner_pw ''
\endif
\if :{?app_pw}
\else
\set app_pw ''
\endif
\if :{?backup_pw}
\else
\set backup_pw ''
\endif
SELECT :'owner_pw' = '' OR :'app_pw' = '' OR :'backup_pw' = '' AS vigil_password_missing \gset
\if :vigil_password_missing
DO $$ BEGIN
  RAISE EXCEPTION 'PG_OWNER_PASSWORD, PG_APP_PASSWORD and PG_BACKUP_PASSWORD must all be set';
END $$;
\endif

-- Owner and application roles (pg_setup_roles, first part).
SELECT format('CREATE ROLE vigil_owner LOGIN CREATEDB PASSWORD %L', :'owner_pw')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_owner') \gexec
SELECT format('CREATE ROLE vigil_app LOGIN PASSWORD %L', :'app_pw')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_app') \gexec
ALTER ROLE vigil_owner NOSUPERUSER NOBYPASSRLS NOCREATEROLE CREATEDB;
ALTER ROLE vigil_app NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
SELECT format('ALTER ROLE vigil_owner PASSWORD %L', :'owner_pw') \gexec
SELECT format('ALTER ROLE vigil_app PASSWORD %L', :'app_pw') \gexec

-- Backup role (pg_setup_roles with BACKUP_PASSWORD): reads everything, row security included;
-- writes nothing. pg_read_all_data needs PostgreSQL 14 or newer.
SELECT format('CREATE ROLE vigil_backup LOGIN PASSWORD %L', :'backup_pw')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_backup') \gexec
ALTER ROLE vigil_backup LOGIN BYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE;
GRANT pg_read_all_data TO vigil_backup;
SELECT format('ALTER ROLE vigil_backup PASSWORD %L', :'backup_pw') \gexec

-- The database, owned by the owner role (pg_create_database).
SELECT format('CREATE DATABASE %I OWNER vigil_owner', 'vigil')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'vigil') \gexec
