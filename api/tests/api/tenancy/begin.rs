//! How a transaction starts: `BEGIN` and its settings in one message (see `vigil_data::begin`),
//! what they scope, and what happens when they fail.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::QueryableByName;
use diesel::RunQueryDsl;
use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::pg::PgConnection;
use diesel::sql_types::{Integer, Text};
use vigil::error::AppError;
use vigil_data::TenantContext;

use super::{ids_of, seed_org};
use crate::helpers::TestDb;

#[derive(QueryableByName, Debug, PartialEq)]
struct Settings {
    #[diesel(sql_type = Text)]
    org: String,
    #[diesel(sql_type = Text)]
    user_id: String,
    #[diesel(sql_type = Text)]
    plans: String,
}

fn settings(conn: &mut PgConnection) -> diesel::QueryResult<Settings> {
    diesel::sql_query(
        "SELECT coalesce(current_setting('app.org_id', true), '') AS org,
                coalesce(current_setting('app.user_id', true), '') AS user_id,
                current_setting('plan_cache_mode') AS plans",
    )
    .get_result(conn)
}

/// `BEGIN` and a transaction's settings travel as one message: the tenant context (and a
/// list's generic plans) hold inside the transaction, scope what it reads, and are gone for
/// the next transaction on the same connection.
#[tokio::test]
async fn settings_sent_with_begin_last_only_for_their_transaction() {
    let db = TestDb::create();
    let pool = db.pool(1);
    let (org_a, user_a) = seed_org(&pool, "Alpha Clinic").await;
    let (org_b, _) = seed_org(&pool, "Beta Clinic").await;
    let (inside, seen) = pool
        .data()
        .tenant_planned(
            TenantContext::new(org_a, Some(user_a)),
            vigil_data::PlanCache::Generic,
            |conn| {
                Ok::<_, AppError>((
                    settings(conn)?,
                    ids_of(conn, "SELECT id FROM organizations"),
                ))
            },
        )
        .await
        .unwrap();
    // Behind a transaction-mode pooler nothing is kept, so no generic plans are asked for.
    let plans = match crate::helpers::test_pooler() {
        vigil::config::PoolerMode::Transaction => "auto",
        vigil::config::PoolerMode::None => "force_generic_plan",
    };
    assert_eq!(
        inside,
        Settings {
            org: org_a.into_uuid().to_string(),
            user_id: user_a.into_uuid().to_string(),
            plans: plans.into(),
        }
    );
    assert_eq!(seen, vec![org_a.into_uuid()], "not {org_b:?}");
    let plain = pool
        .tenant(TenantContext::new(org_b, None), |conn| Ok(settings(conn)?))
        .await
        .unwrap();
    assert_eq!(
        (plain.org, plain.user_id.as_str(), plain.plans.as_str()),
        (org_b.into_uuid().to_string(), "", "auto")
    );
    let after = pool.global(|conn| Ok(settings(conn)?)).await.unwrap();
    assert_eq!(
        after,
        Settings {
            org: String::new(),
            user_id: String::new(),
            plans: "auto".into(),
        }
    );
}

/// Every statement diesel sends, by connection (numbered as they open), as the server gets
/// them: a simple-protocol message (several statements at once) is one entry.
static SENT: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::new());
static CONNECTIONS: AtomicUsize = AtomicUsize::new(0);

#[expect(
    clippy::unnecessary_wraps,
    reason = "the constructor type diesel takes"
)]
fn record_statements() -> Option<Box<dyn Instrumentation>> {
    let connection = CONNECTIONS.fetch_add(1, Ordering::Relaxed);
    Some(Box::new(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            let mut sent = SENT
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            sent.push((connection, query.to_string()));
        }
    }))
}

/// What the server received on the connection that sent a statement containing `marker`.
fn sent_on_connection_of(marker: &str) -> Vec<String> {
    let sent = SENT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (connection, _) = sent
        .iter()
        .find(|(_, sql)| sql.contains(marker))
        .unwrap_or_else(|| panic!("{marker} was never sent: {sent:?}"));
    sent.iter()
        .filter(|(c, _)| c == connection)
        .map(|(_, sql)| sql.clone())
        .collect()
}

/// Seen from the connection: a tenant transaction's `BEGIN` and its context go to the server as
/// one message, then the caller's statement, then `COMMIT`; nothing else.
#[tokio::test]
async fn a_tenant_transaction_begins_in_one_message() {
    diesel::connection::set_default_instrumentation(record_statements).unwrap();
    let db = TestDb::create();
    let pool = db.pool(1);
    let (org, user) = seed_org(&pool, "Alpha Clinic").await;
    pool.global(|conn| Ok(conn.batch_execute("SELECT 'warm-up probe'")?))
        .await
        .unwrap();
    let before = sent_on_connection_of("warm-up probe").len();
    pool.tenant(TenantContext::new(org, Some(user)), |conn| {
        Ok::<_, AppError>(conn.batch_execute("SELECT 'tenant probe'")?)
    })
    .await
    .unwrap();

    let sent = sent_on_connection_of("tenant probe");
    let transaction = &sent[before..];
    let context = format!(
        "set_config('app.org_id', '{}', true), set_config('app.user_id', '{}', true)",
        org.into_uuid(),
        user.into_uuid()
    );
    assert_eq!(transaction.len(), 3, "{transaction:#?}");
    assert!(
        transaction[0].starts_with("BEGIN; SELECT ") && transaction[0].ends_with(&context),
        "{transaction:#?}"
    );
    assert_eq!(
        transaction[1..],
        ["SELECT 'tenant probe'".to_owned(), "COMMIT".to_owned()]
    );
}

#[derive(QueryableByName)]
struct Backend {
    #[diesel(sql_type = Integer)]
    pid: i32,
}

fn backend_pid(conn: &mut PgConnection) -> diesel::QueryResult<i32> {
    Ok(diesel::sql_query("SELECT pg_backend_pid() AS pid")
        .get_result::<Backend>(conn)?
        .pid)
}

/// Settings that fail after the server ran `BEGIN` (here `set_config` refuses one
/// organisation's context, through a function of that name ahead of PostgreSQL's on this
/// database's path) fail the call, and the transaction the server opened is rolled back: the
/// connection goes back to the pool idle and the next transaction on it works. Without the
/// rollback that transaction would find the first still open and aborted ("commands ignored
/// until end of transaction block").
#[tokio::test]
async fn a_transaction_whose_settings_fail_is_rolled_back_and_its_connection_reused() {
    let db = TestDb::create();
    // Before any connection opens (PgBouncer keeps its server connections, and a session reads
    // the role's settings when it starts); the refusal itself is switched on later, by a row.
    db.superuser_conn()
        .batch_execute(&format!(
            "CREATE TABLE refused_orgs (id text PRIMARY KEY);
             GRANT SELECT ON refused_orgs TO vigil_app;
             CREATE FUNCTION public.set_config(text, text, boolean) RETURNS text
               LANGUAGE plpgsql AS $$
               BEGIN
                 IF $1 = 'app.org_id' AND EXISTS (SELECT 1 FROM refused_orgs WHERE id = $2) THEN
                   RAISE EXCEPTION 'tenant context refused';
                 END IF;
                 RETURN pg_catalog.set_config($1, $2, $3);
               END $$;
             ALTER ROLE vigil_app IN DATABASE {} SET search_path = public, pg_catalog",
            db.name
        ))
        .unwrap();
    let pool = db.pool(1);
    let (org, user) = seed_org(&pool, "Alpha Clinic").await;
    let before = pool.global(|conn| Ok(backend_pid(conn)?)).await.unwrap();
    db.superuser_conn()
        .batch_execute(&format!(
            "INSERT INTO refused_orgs VALUES ('{}')",
            org.into_uuid()
        ))
        .unwrap();

    let failed = pool
        .tenant(TenantContext::new(org, Some(user)), |_| {
            Ok::<_, AppError>(())
        })
        .await;
    assert!(failed.is_err(), "the refused context must fail the call");

    let after = pool
        .global(|conn| Ok(backend_pid(conn)?))
        .await
        .expect("the next transaction on the connection runs");
    // Behind PgBouncer the server connection may differ from one transaction to the next.
    if matches!(
        crate::helpers::test_pooler(),
        vigil::config::PoolerMode::None
    ) {
        assert_eq!(after, before, "the same connection, kept by the pool");
    }
}
