//! Isolation of organisations' data by the database itself (the second wall, after the
//! explicit `org_id` filters in every query).

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::sql_types::{Bool, Text, Uuid as SqlUuid};
use diesel::{QueryableByName, RunQueryDsl};
use uuid::Uuid;
use vigil::error::AppError;
use vigil::ids::{OrgId, UserId};
use vigil_data::TenantContext;

use crate::helpers::TestDb;

mod begin;
mod read;

#[derive(QueryableByName, Debug)]
struct IdRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
}

#[derive(QueryableByName, Debug)]
struct TableIsolation {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Bool)]
    rls_enabled: bool,
    #[diesel(sql_type = Bool)]
    rls_forced: bool,
    #[diesel(sql_type = Bool)]
    has_tenant_policy: bool,
}

/// Tables holding an organisation's data (an `org_id` column, or `organizations` itself) that
/// lack RLS, FORCE, or a policy on `app_current_org_id()` for all commands.
fn tenant_tables_missing_isolation(conn: &mut PgConnection) -> Vec<String> {
    let tables: Vec<TableIsolation> = diesel::sql_query(
        "SELECT c.relname::text AS table_name,
                c.relrowsecurity AS rls_enabled,
                c.relforcerowsecurity AS rls_forced,
                EXISTS (
                  SELECT 1 FROM pg_policy p
                  WHERE p.polrelid = c.oid AND p.polcmd = '*' AND p.polpermissive
                    AND pg_get_expr(p.polqual, p.polrelid) LIKE '%app_current_org_id()%'
                    AND pg_get_expr(p.polwithcheck, p.polrelid) LIKE '%app_current_org_id()%'
                ) AS has_tenant_policy
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
           AND (c.relname = 'organizations' OR EXISTS (
                 SELECT 1 FROM pg_attribute a
                 WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped))
         ORDER BY 1",
    )
    .load(conn)
    .unwrap();
    assert!(
        tables.iter().any(|t| t.table_name == "memberships"),
        "the catalog query found no tenant tables: {tables:?}"
    );
    tables
        .into_iter()
        .filter(|t| !(t.rls_enabled && t.rls_forced && t.has_tenant_policy))
        .map(|t| t.table_name)
        .collect()
}

#[tokio::test]
async fn every_tenant_table_has_forced_row_level_security_and_a_policy() {
    let db = TestDb::create();
    let missing = tenant_tables_missing_isolation(&mut db.superuser_conn());
    assert!(
        missing.is_empty(),
        "tenant tables without isolation: {missing:?}"
    );
}

#[tokio::test]
async fn the_catalog_check_catches_a_table_that_forgets() {
    let db = TestDb::create();
    let mut conn = db.superuser_conn();
    conn.batch_execute(
        "CREATE TABLE forgetful (org_id uuid NOT NULL, note text);
         CREATE TABLE half_done (org_id uuid NOT NULL);
         ALTER TABLE half_done ENABLE ROW LEVEL SECURITY;",
    )
    .unwrap();
    let missing = tenant_tables_missing_isolation(&mut conn);
    assert_eq!(
        missing,
        vec!["forgetful".to_owned(), "half_done".to_owned()]
    );
}

#[derive(QueryableByName, Debug)]
struct RoleFlags {
    #[diesel(sql_type = Bool)]
    rolsuper: bool,
    #[diesel(sql_type = Bool)]
    rolbypassrls: bool,
    #[diesel(sql_type = Bool)]
    rolcreaterole: bool,
    #[diesel(sql_type = Bool)]
    rolcreatedb: bool,
}

#[tokio::test]
async fn the_application_role_cannot_bypass_row_level_security() {
    let db = TestDb::create();
    let mut conn = db.app_conn();
    let flags: RoleFlags = diesel::sql_query(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user",
    )
    .get_result(&mut conn)
    .unwrap();
    assert!(!flags.rolsuper, "app role is superuser");
    assert!(!flags.rolbypassrls, "app role has BYPASSRLS");
    assert!(!flags.rolcreaterole && !flags.rolcreatedb, "{flags:?}");

    // It owns nothing (owners could disable RLS) and holds DML privileges only.
    #[derive(QueryableByName, Debug)]
    struct Privilege {
        #[diesel(sql_type = Text)]
        table_name: String,
        #[diesel(sql_type = Text)]
        privilege_type: String,
    }
    let owned: Vec<IdRow> = diesel::sql_query(
        "SELECT gen_random_uuid() AS id FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
         WHERE r.rolname = current_user",
    )
    .load(&mut conn)
    .unwrap();
    assert!(owned.is_empty(), "app role owns relations");
    let privileges: Vec<Privilege> = diesel::sql_query(
        "SELECT table_name::text, privilege_type::text FROM information_schema.role_table_grants
         WHERE grantee = current_user",
    )
    .load(&mut conn)
    .unwrap();
    assert!(!privileges.is_empty());
    for p in &privileges {
        assert!(
            ["SELECT", "INSERT", "UPDATE", "DELETE"].contains(&p.privilege_type.as_str()),
            "unexpected privilege {p:?}"
        );
    }
    // The audit trail is append-only for the application.
    assert!(!privileges.iter().any(|p| p.table_name == "audit_events"
        && ["UPDATE", "DELETE"].contains(&p.privilege_type.as_str())));
}

/// Creates an organisation with one member and one audit event, through the app role.
async fn seed_org(db: &vigil::db::Db, name: &str) -> (OrgId, UserId) {
    let org_id = OrgId::new();
    let user_id = UserId::new();
    let email = format!("{user_id}@example.org");
    let slug = format!("org-{}", &org_id.to_string()[..8]);
    db.global(move |conn| {
        diesel::sql_query(
            "INSERT INTO users (id, email, password_hash, first_name, last_name) VALUES ($1, $2, 'x', 'A', 'B')",
        )
        .bind::<SqlUuid, _>(user_id.into_uuid())
        .bind::<Text, _>(email)
        .execute(conn)?;
        Ok(())
    })
    .await
    .unwrap();
    let name = name.to_owned();
    db.tenant(TenantContext::new(org_id, Some(user_id)), move |conn| {
        diesel::sql_query("INSERT INTO organizations (id, name, slug) VALUES ($1, $2, $3)")
            .bind::<SqlUuid, _>(org_id.into_uuid())
            .bind::<Text, _>(name)
            .bind::<Text, _>(slug)
            .execute(conn)?;
        diesel::sql_query("INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, 'owner')")
            .bind::<SqlUuid, _>(org_id.into_uuid())
            .bind::<SqlUuid, _>(user_id.into_uuid())
            .execute(conn)?;
        diesel::sql_query(
            "INSERT INTO audit_events (org_id, id, action) VALUES ($1, gen_random_uuid(), 'test.seeded')",
        )
        .bind::<SqlUuid, _>(org_id.into_uuid())
        .execute(conn)?;
        Ok(())
    })
    .await
    .unwrap();
    (org_id, user_id)
}

fn ids_of(conn: &mut PgConnection, sql: &str) -> Vec<Uuid> {
    diesel::sql_query(sql)
        .load::<IdRow>(conn)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[tokio::test]
async fn another_organisations_rows_are_invisible_even_without_a_where_clause() {
    let db = TestDb::create();
    let pool = db.pool(2);
    let (org_a, _) = seed_org(&pool, "Alpha Clinic").await;
    let (org_b, user_b) = seed_org(&pool, "Beta Aged Care").await;

    let seen = pool
        .tenant(TenantContext::new(org_b, Some(user_b)), |conn| {
            Ok((
                ids_of(conn, "SELECT id FROM organizations"),
                ids_of(conn, "SELECT org_id AS id FROM memberships"),
                ids_of(conn, "SELECT org_id AS id FROM audit_events"),
            ))
        })
        .await
        .unwrap();
    let a = org_a.into_uuid();
    let b = org_b.into_uuid();
    assert_eq!(seen.0, vec![b], "organizations");
    assert_eq!(seen.1, vec![b], "memberships");
    assert_eq!(seen.2, vec![b], "audit_events");
    assert!(!seen.0.contains(&a) && !seen.1.contains(&a) && !seen.2.contains(&a));
}

#[tokio::test]
async fn writes_into_another_organisation_are_refused() {
    let db = TestDb::create();
    let pool = db.pool(1);
    let (org_a, _) = seed_org(&pool, "Alpha Clinic").await;
    let (org_b, user_b) = seed_org(&pool, "Beta Aged Care").await;

    // In B's context, an insert tagged with A's id violates the policy's WITH CHECK.
    let insert = pool
        .tenant(TenantContext::new(org_b, Some(user_b)), move |conn| {
            diesel::sql_query(
                "INSERT INTO audit_events (org_id, id, action) VALUES ($1, gen_random_uuid(), 'x')",
            )
            .bind::<SqlUuid, _>(org_a.into_uuid())
            .execute(conn)?;
            Ok(())
        })
        .await;
    assert!(matches!(insert, Err(AppError::Unexpected(_))), "{insert:?}");

    // Updates and deletes cannot reach A's rows: they match nothing.
    let touched = pool
        .tenant(TenantContext::new(org_b, Some(user_b)), move |conn| {
            let updated =
                diesel::sql_query("UPDATE organizations SET name = 'pwned' WHERE id = $1")
                    .bind::<SqlUuid, _>(org_a.into_uuid())
                    .execute(conn)?;
            let deleted = diesel::sql_query("DELETE FROM memberships WHERE org_id = $1")
                .bind::<SqlUuid, _>(org_a.into_uuid())
                .execute(conn)?;
            Ok(updated + deleted)
        })
        .await
        .unwrap();
    assert_eq!(touched, 0);
}

#[tokio::test]
async fn tenant_context_does_not_leak_across_pooled_connections() {
    let db = TestDb::create();
    // One connection: the next transaction necessarily reuses it.
    let pool = db.pool(1);
    let (org_a, user_a) = seed_org(&pool, "Alpha Clinic").await;

    let in_context = pool
        .tenant(TenantContext::new(org_a, Some(user_a)), |conn| {
            Ok(ids_of(conn, "SELECT id FROM organizations"))
        })
        .await
        .unwrap();
    assert_eq!(in_context, vec![org_a.into_uuid()]);

    // Next checkout, no context: sees nothing, and the leftover '' setting does not error.
    let after = pool
        .global(|conn| {
            Ok((
                ids_of(conn, "SELECT id FROM organizations"),
                ids_of(conn, "SELECT org_id AS id FROM memberships"),
                ids_of(conn, "SELECT org_id AS id FROM audit_events"),
            ))
        })
        .await
        .unwrap();
    assert!(
        after.0.is_empty() && after.1.is_empty() && after.2.is_empty(),
        "{after:?}"
    );
}

/// Hot hand-written statements stay prepared on their connection (`vigil_data::prepared`), so
/// the plan PostgreSQL keeps is reused across organisations: it must still read the tenant
/// context each time. Generic plans are forced (PostgreSQL would otherwise choose), and the
/// two contexts alternate on one connection.
#[tokio::test]
async fn a_kept_prepared_statement_still_sees_only_the_current_organisation() {
    let db = TestDb::create();
    let pool = db.pool(1);
    let (org_a, user_a) = seed_org(&pool, "Alpha Clinic").await;
    let (org_b, user_b) = seed_org(&pool, "Beta Clinic").await;
    let visible = |org: OrgId, user: UserId| {
        pool.tenant(TenantContext::new(org, Some(user)), |conn| {
            diesel::sql_query("SELECT set_config('plan_cache_mode', 'force_generic_plan', true)")
                .execute(conn)?;
            Ok(
                vigil_data::prepared("SELECT id FROM organizations WHERE name <> $1")
                    .bind::<Text, _>("nobody")
                    .load::<IdRow>(conn)?
                    .into_iter()
                    .map(|row| row.id)
                    .collect::<Vec<_>>(),
            )
        })
    };
    for _ in 0..7 {
        assert_eq!(
            visible(org_a, user_a).await.unwrap(),
            vec![org_a.into_uuid()]
        );
        assert_eq!(
            visible(org_b, user_b).await.unwrap(),
            vec![org_b.into_uuid()]
        );
    }
    #[derive(QueryableByName)]
    struct Kept {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let kept = pool
        .global(|conn| {
            Ok(diesel::sql_query(
                "SELECT count(*) AS n FROM pg_prepared_statements
                  WHERE statement = 'SELECT id FROM organizations WHERE name <> $1'",
            )
            .get_result::<Kept>(conn)?
            .n)
        })
        .await
        .unwrap();
    // Through a transaction-mode pooler nothing is kept on a connection (see `Db::new`).
    let expected = match crate::helpers::test_pooler() {
        vigil::config::PoolerMode::Transaction => 0,
        vigil::config::PoolerMode::None => 1,
    };
    assert_eq!(
        kept, expected,
        "prepared once on the connection, then reused"
    );
}

/// Every request's membership check reads through `app_member_access` (with the session, in one
/// statement); an attacker's first tries: another person's id, a call from inside another
/// organisation's transaction, and the security policies the new user-context policy opens.
#[tokio::test]
async fn member_access_reads_one_persons_memberships_and_puts_the_context_back() {
    let db = TestDb::create();
    let pool = db.pool(1);
    let (org_a, user_a) = seed_org(&pool, "Alpha Clinic").await;
    let (org_b, user_b) = seed_org(&pool, "Beta Aged Care").await;
    for (org_id, user_id, minutes) in [(org_a, user_a, 30), (org_b, user_b, 15)] {
        pool.tenant(TenantContext::new(org_id, Some(user_id)), move |conn| {
            diesel::sql_query(
                "INSERT INTO security_policies (org_id, require_mfa, session_idle_minutes) VALUES ($1, true, $2)",
            )
            .bind::<SqlUuid, _>(org_id.into_uuid())
            .bind::<diesel::sql_types::Integer, _>(minutes)
            .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    }

    // Inside Beta's transaction, asked for Alpha's person: Alpha's membership and policy only,
    // and Beta's context is back afterwards.
    let (access, after) = pool
        .tenant(TenantContext::new(org_b, Some(user_b)), move |conn| {
            let access = vigil::identity::users::member_access(conn, user_a)?;
            Ok((access, ids_of(conn, "SELECT id FROM organizations")))
        })
        .await
        .unwrap();
    assert_eq!(access.len(), 1, "{access:?}");
    assert_eq!(access[0].org_id, org_a);
    assert_eq!(access[0].name, "Alpha Clinic");
    assert!(access[0].require_mfa);
    assert_eq!(access[0].session_idle_minutes, Some(30));
    assert_eq!(after, vec![org_b.into_uuid()]);

    // Without any context, for someone with no membership: an empty list.
    let nobody = UserId::new();
    let none = pool
        .global(move |conn| Ok(vigil::identity::users::member_access(conn, nobody)?))
        .await
        .unwrap();
    assert!(none.is_empty(), "{none:?}");

    // In a person's own context, the policies of their organisations only, read-only.
    let (policies, write) = pool
        .user(user_a, move |conn| {
            let policies = ids_of(conn, "SELECT org_id AS id FROM security_policies");
            let write = diesel::sql_query("UPDATE security_policies SET require_mfa = false")
                .execute(conn)?;
            Ok((policies, write))
        })
        .await
        .unwrap();
    assert_eq!(policies, vec![org_a.into_uuid()]);
    assert_eq!(write, 0);
}

#[tokio::test]
async fn a_user_sees_only_their_own_memberships_outside_tenant_context() {
    let db = TestDb::create();
    let pool = db.pool(1);
    let (org_a, user_a) = seed_org(&pool, "Alpha Clinic").await;
    let (org_b, _) = seed_org(&pool, "Beta Aged Care").await;

    let (orgs, memberships) = pool
        .user(user_a, |conn| {
            Ok((
                ids_of(conn, "SELECT id FROM organizations"),
                ids_of(conn, "SELECT org_id AS id FROM memberships"),
            ))
        })
        .await
        .unwrap();
    assert_eq!(orgs, vec![org_a.into_uuid()]);
    assert_eq!(memberships, vec![org_a.into_uuid()]);
    assert!(!orgs.contains(&org_b.into_uuid()));

    // The user-keyed policies are read-only: no writes through them.
    let write = pool
        .user(user_a, move |conn| {
            Ok(
                diesel::sql_query("UPDATE organizations SET name = 'x' WHERE id = $1")
                    .bind::<SqlUuid, _>(org_a.into_uuid())
                    .execute(conn)?,
            )
        })
        .await
        .unwrap();
    assert_eq!(write, 0);
}
