//! Statements that are their own transaction (`Db::read`, the session lookup): down one
//! pipelined connection per thread, or, behind a transaction-mode pooler, on a pooled
//! connection in a transaction of their own.

use diesel::QueryableByName;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::result::QueryResult;
use diesel::sql_types::{Integer, Text};
use diesel_async::AsyncPgConnection;
use futures_util::future::{LocalBoxFuture, join_all};
use vigil::config::PoolerMode;
use vigil::error::AppError;
use vigil_data::SingleStatement;

use crate::helpers::{TestDb, test_pooler};

#[derive(QueryableByName, Debug, Clone, PartialEq)]
struct Seen {
    #[diesel(sql_type = Integer)]
    pid: i32,
    #[diesel(sql_type = Text)]
    application: String,
    #[diesel(sql_type = Text)]
    timeout: String,
    #[diesel(sql_type = Text)]
    org: String,
}

/// A statement that tells where it ran (or fails, or outlasts a short statement timeout).
struct Probe(&'static str);

impl Probe {
    const WHERE: Probe = Probe(
        "SELECT pg_backend_pid() AS pid,
                current_setting('application_name') AS application,
                current_setting('statement_timeout') AS timeout,
                coalesce(current_setting('app.org_id', true), '') AS org",
    );
    const FAILING: Probe =
        Probe("SELECT 1 / 0 AS pid, '' AS application, '' AS timeout, '' AS org");
    const SLEEPING: Probe =
        Probe("SELECT 0 AS pid, '' AS application, '' AS timeout, '' AS org FROM pg_sleep(2)");
}

impl SingleStatement for Probe {
    type Output = Seen;

    fn on_pipelined<'c>(
        &'c self,
        mut conn: &'c AsyncPgConnection,
    ) -> LocalBoxFuture<'c, QueryResult<Seen>> {
        Box::pin(diesel_async::RunQueryDsl::get_result(
            diesel::sql_query(self.0),
            &mut conn,
        ))
    }

    fn on_pooled(&self, conn: &mut PgConnection) -> QueryResult<Seen> {
        diesel::RunQueryDsl::get_result(diesel::sql_query(self.0), conn)
    }
}

async fn probe(pool: &vigil::db::Db, fail: bool) -> Result<Seen, AppError> {
    let statement = if fail { Probe::FAILING } else { Probe::WHERE };
    pool.data().read::<AppError, _>(statement).await
}

/// Concurrent reads on one thread all go down one connection, opened with the session
/// settings every connection has and no tenant context, and the pool opens none for them.
/// A failing read fails alone: the reads beside it and after it are answered.
#[tokio::test]
async fn reads_on_a_thread_share_one_connection_and_fail_alone() {
    let db = TestDb::create();
    let pool = db.pool(2);
    let reads = (0..24).map(|i| probe(&pool, i % 6 == 5));
    let answers = join_all(reads).await;
    let failed = answers.iter().filter(|a| a.is_err()).count();
    assert_eq!(failed, 4, "{answers:?}");
    let seen: Vec<Seen> = answers.into_iter().filter_map(Result::ok).collect();
    assert_eq!(seen.len(), 20);
    // Behind a transaction-mode pooler no session setting is made (the timeout is each
    // transaction's own).
    let application = match test_pooler() {
        PoolerMode::None => "vigil",
        PoolerMode::Transaction => "",
    };
    for one in &seen {
        assert_eq!(
            (
                one.application.as_str(),
                one.timeout.as_str(),
                one.org.as_str()
            ),
            (application, "10s", ""),
            "{one:?}"
        );
    }
    let after = probe(&pool, false).await.unwrap();
    match test_pooler() {
        PoolerMode::None => {
            assert!(
                seen.iter().all(|s| s.pid == after.pid),
                "{seen:?} {after:?}"
            );
            assert_eq!(pool.pool_state().connections, 0, "the pool was used");
        }
        // A transaction of its own on a pooled connection each time.
        PoolerMode::Transaction => assert!(pool.pool_state().connections > 0),
    }
}

/// A connection the server closed (a restart, an administrator) is replaced, and the read that
/// found it closed is answered on the new one.
#[tokio::test]
async fn a_closed_connection_is_replaced_and_the_read_answered() {
    let db = TestDb::create();
    let pool = db.pool(2);
    let first = probe(&pool, false).await.unwrap();
    if test_pooler() == PoolerMode::Transaction {
        return; // The pooler, not Vigil, owns the server connections there.
    }
    db.superuser_conn()
        .batch_execute(&format!(
            "SELECT pg_terminate_backend({pid}, 5000)",
            pid = first.pid
        ))
        .unwrap();
    let second = probe(&pool, false).await.unwrap();
    assert_ne!(second.pid, first.pid);
    assert_eq!(probe(&pool, false).await.unwrap().pid, second.pid);
}

/// A read in flight when its backend is ended is answered by the server's FATAL error (57P01)
/// instead of a closed socket: it too is sent again on a new connection, as happens when the
/// lookup is sent just as an administrator or a restart ends the connection.
#[tokio::test]
async fn a_read_whose_backend_is_ended_under_it_is_answered_on_a_new_connection() {
    if test_pooler() == PoolerMode::Transaction {
        return; // The pooler, not Vigil, owns the server connections there.
    }
    let db = TestDb::create();
    let pool = db.pool(2);
    let first = probe(&pool, false).await.unwrap();
    let terminate = format!(
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
         WHERE pid = {pid} AND state = 'active' AND query LIKE '%pg_sleep%'",
        pid = first.pid
    );
    let ender = tokio::task::spawn_blocking(move || {
        let mut admin = crate::helpers::superuser_conn();
        for _ in 0..200 {
            let ended: Vec<Ended> =
                diesel::RunQueryDsl::load(diesel::sql_query(&terminate), &mut admin).unwrap();
            if ended.iter().any(|e| e.ended) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the sleeping read never showed up");
    });
    let (slept, ended) = tokio::join!(pool.data().read::<AppError, _>(Probe::SLEEPING), ender);
    ended.unwrap();
    slept.unwrap();
    assert_ne!(probe(&pool, false).await.unwrap().pid, first.pid);
}

#[derive(QueryableByName)]
struct Ended {
    #[diesel(sql_type = diesel::sql_types::Bool, column_name = pg_terminate_backend)]
    ended: bool,
}

/// A read longer than the statement timeout is cancelled like any other statement, and the
/// connection goes on serving.
#[tokio::test]
async fn the_statement_timeout_holds_on_the_shared_connection() {
    let db = TestDb::create();
    let pool = vigil::db::Db::new(&vigil::config::DatabaseConfig {
        pool_size: 1,
        statement_timeout_ms: 200,
        pooler: test_pooler(),
        ..vigil::config::DatabaseConfig::for_url(db.app_url())
    })
    .unwrap();
    let timed_out = pool.data().read::<AppError, _>(Probe::SLEEPING).await;
    let Err(AppError::Unexpected(error)) = timed_out else {
        panic!("not cancelled: {timed_out:?}");
    };
    assert!(
        format!("{error:#}").contains("statement timeout"),
        "{error:#}"
    );
    assert_eq!(probe(&pool, false).await.unwrap().timeout, "200ms");
}

/// A database that takes the connection but never answers: the reads fail within the connect
/// timeout as unavailable (503), and those waiting behind the failed attempt fail with it rather
/// than each waiting out an attempt of its own.
#[tokio::test]
async fn a_silent_database_fails_reads_within_the_connect_timeout() {
    if test_pooler() == PoolerMode::Transaction {
        return; // Reads use the pool there.
    }
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let pool = vigil::db::Db::new(&vigil::config::DatabaseConfig {
        pool_size: 1,
        connect_timeout_secs: 1,
        ..vigil::config::DatabaseConfig::for_url(format!(
            "postgres://vigil_app:unused@127.0.0.1:{port}/vigil?sslmode=disable"
        ))
    })
    .unwrap();
    let started = std::time::Instant::now();
    let answers = join_all((0..5).map(|_| probe(&pool, false))).await;
    let took = started.elapsed();
    assert!(
        answers.iter().all(|a| matches!(
            a,
            Err(AppError::ServiceUnavailable {
                code: vigil_core::problem_code::ProblemCode::DatabaseUnavailable,
                ..
            })
        )),
        "{answers:?}"
    );
    // One attempt of a second, not five in turn.
    assert!(took < std::time::Duration::from_secs(3), "{took:?}");
}
