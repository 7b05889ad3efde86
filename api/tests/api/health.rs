use std::time::Duration;

use diesel::RunQueryDsl;

use crate::helpers::responses::HealthStatus;
use crate::helpers::{TestApp, expect_body, expect_problem};

#[tokio::test]
async fn liveness_answers_ok() {
    let app = TestApp::spawn().await;
    let response = app.get("/health/live").await;
    let body: HealthStatus = expect_body(response, 200).await;
    assert_eq!(body.status, "ok");
}

#[tokio::test]
async fn readiness_follows_the_database_down_and_back_up() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/health/ready").await.status(), 200);

    // Arrange: the database refuses connections and the pool's are cut.
    let mut admin = crate::helpers::superuser_conn();
    let name = &app.db.name;
    diesel::sql_query(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
        .execute(&mut admin)
        .unwrap();
    diesel::sql_query(format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    ))
    .execute(&mut admin)
    .unwrap();

    let down = app.get("/health/ready").await;
    let problem = expect_problem(down, 503, "database-unavailable").await;
    assert!(!problem.detail().contains("password"));

    // Recovers by itself once the database is back.
    diesel::sql_query(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
        .execute(&mut admin)
        .unwrap();
    assert_eq!(app.get("/health/ready").await.status(), 200);
}

/// The pool no longer spends a `SELECT 1` on every checkout: a connection the server closed is
/// found out by its first statement and replaced, and the request does not fail.
#[tokio::test]
async fn connections_the_server_closed_are_replaced_without_failing_a_request() {
    let app = TestApp::spawn().await;
    let (_, session) = app.signed_up_owner().await;
    let documents = format!("/api/v1/organizations/{}/documents", session.org_id());
    assert_eq!(
        app.get_as(&session, "/api/v1/auth/session").await.status(),
        200
    );
    assert_eq!(app.get_as(&session, &documents).await.status(), 200);

    // Every pooled connection is cut, as a database restart would.
    let mut admin = crate::helpers::superuser_conn();
    let cut: Vec<CutBackend> = diesel::sql_query(format!(
        "SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE datname = '{}' AND pid <> pg_backend_pid()",
        app.db.name
    ))
    .load(&mut admin)
    .unwrap();
    assert!(cut.iter().any(|c| c.cut), "no pooled connection to cut");

    // The session read (one statement, no transaction) and an organisation read (a tenant
    // transaction) both succeed on the first try.
    assert_eq!(
        app.get_as(&session, "/api/v1/auth/session").await.status(),
        200
    );
    assert_eq!(app.get_as(&session, &documents).await.status(), 200);
}

#[derive(diesel::QueryableByName)]
struct CutBackend {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    cut: bool,
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/health/live", "/no/such/route", "/docs/"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        // Plain http here: no HSTS.
        assert!(headers.get("strict-transport-security").is_none(), "{path}");
    }
}

#[tokio::test]
async fn hsts_is_sent_when_served_over_tls() {
    let app = TestApp::spawn_with(|config| {
        config.http.public_url = "https://vigil.example.org".into();
    })
    .await;
    let response = app.get("/health/live").await;
    let hsts = response.headers()["strict-transport-security"]
        .to_str()
        .unwrap();
    assert!(hsts.contains("max-age="), "{hsts}");
}

#[tokio::test]
async fn readiness_fails_fast_while_the_pool_is_exhausted_and_recovers() {
    let db = crate::helpers::TestDb::create();
    let pool = db.pool(1);
    pool.ping(Duration::from_secs(1)).await.unwrap();

    // The pool's only connection is busy for two seconds.
    let busy = pool.clone();
    let holder = tokio::spawn(async move {
        busy.global(|conn| {
            diesel::sql_query("SELECT pg_sleep(2)")
                .execute(conn)
                .map_err(vigil::error::AppError::from)
        })
        .await
    });
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Gives up at its own timeout instead of queueing behind the busy connection (which would
    // answer after the sleep, and so succeed).
    assert!(pool.ping(Duration::from_millis(500)).await.is_err());
    assert!(!holder.is_finished());

    holder.await.unwrap().unwrap();
    pool.ping(Duration::from_secs(1)).await.unwrap();
}

#[tokio::test]
async fn transactions_wait_their_turn_for_a_connection_and_give_up_after_the_connect_timeout() {
    let db = crate::helpers::TestDb::create();
    let pool = vigil::db::Db::new(&vigil::config::DatabaseConfig {
        pool_size: 2,
        connect_timeout_secs: 1,
        pooler: crate::helpers::test_pooler(),
        ..vigil::config::DatabaseConfig::for_url(db.app_url())
    })
    .unwrap();
    let sleep = |ms: u32| {
        move |conn: &mut diesel::PgConnection| {
            diesel::sql_query(format!("SELECT pg_sleep({ms} / 1000.0)"))
                .execute(conn)
                .map(|_| ())
                .map_err(vigil::error::AppError::from)
        }
    };

    // Twenty at once on two connections: each waits its turn, none fails.
    let started = std::time::Instant::now();
    let all: Vec<_> = (0..20)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move { pool.global(sleep(20)).await })
        })
        .collect();
    for one in all {
        one.await.unwrap().unwrap();
    }
    // Ten turns of 20 ms per connection, not twenty: both connections were used.
    assert!(started.elapsed() >= Duration::from_millis(200));

    // Both connections busy for longer than the connect timeout: the next one is told 503.
    let holders: Vec<_> = (0..2)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move { pool.global(sleep(2_500)).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(200)).await;
    match pool.global(sleep(0)).await {
        Err(vigil::error::AppError::ServiceUnavailable { code, .. }) => {
            assert_eq!(
                code,
                vigil_core::problem_code::ProblemCode::DatabaseUnavailable
            );
        }
        other => panic!("expected 503, got {:?}", other.map_err(|e| e.to_string())),
    }
    for holder in holders {
        holder.await.unwrap().unwrap();
    }
    pool.global(sleep(0)).await.unwrap();
}
