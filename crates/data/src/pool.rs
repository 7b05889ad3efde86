//! The pool, and the only ways to get a connection.
//!
//! - [`Db::tenant`] for an organisation's data: one transaction with `app.org_id` and
//!   `app.user_id` set transaction-locally, so row-level security scopes every statement and a
//!   pooled connection never carries one tenant's context to the next request. `BEGIN` and the
//!   context travel as one message (see `begin`).
//! - [`Db::user`] for the few user-keyed lookups that cross organisations (a person's own
//!   memberships); only `app.user_id` is set, and the policies allow nothing else.
//! - [`Db::global`] for global tables (users, sessions, jobs); tenant tables read as empty.
//! - [`Db::read`] for one statement that is its own transaction (a session lookup): no
//!   `BEGIN`/`COMMIT` round trips, and no pool either: it goes down this thread's pipelined
//!   connection (see `pipelined`).
//! - [`Db::invitation_holder`], [`Db::api_client_holder`], [`Db::legacy_source_holder`]: the
//!   holder of an invitation link, an API client id or a legacy import source may read that one
//!   row across tenants, and nothing else.

use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::{CacheSize, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::result::{DatabaseErrorKind, Error as QueryError, QueryResult};
use diesel::{Connection, RunQueryDsl};

use tokio::sync::Semaphore;

use crate::begin::{
    Context, PlanCache, begin_statement, begin_with, context_statement, set_config,
};
use crate::error::{CallerError, DataError};
use crate::phase::{Phase, PhaseObserver, note};
use crate::pipelined::{ConnectConfig, ConnectConfigError, Pipelined, SingleStatement};

use vigil_core::ids::{OrgId, UserId};

pub type PgPool = Pool<ConnectionManager<PgConnection>>;

/// How to reach PostgreSQL and how many connections to keep.
#[derive(Clone, Debug)]
pub struct PoolOptions {
    /// The application role's URL (a secret: never logged).
    pub url: String,
    pub pool_size: u32,
    /// How long to wait for a pooled connection (or a new one).
    pub connect_timeout: Duration,
    /// Statement timeout for application queries, in milliseconds (0 = none).
    pub statement_timeout_ms: u64,
    /// A transaction-mode pooler (PgBouncer) sits in between: a connection may change between
    /// transactions, so nothing is kept on it.
    pub transaction_pooler: bool,
}

/// Who the statements of a tenant transaction run for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TenantContext {
    pub org_id: OrgId,
    pub user_id: Option<UserId>,
}

impl TenantContext {
    pub fn new(org_id: OrgId, user_id: Option<UserId>) -> Self {
        Self { org_id, user_id }
    }
}

#[derive(Clone)]
pub struct Db {
    pool: PgPool,
    /// One permit per pooled connection, taken before checking one out. r2d2's own wait is a
    /// condition variable that wakes waiters in no particular order, so under load some
    /// requests waited many turns (p99 ten times p50 at 64 connections); this queue is
    /// first come, first served, and waits on the async side instead of a blocking thread.
    turns: Arc<Semaphore>,
    wait_limit: Duration,
    /// Set per transaction when a transaction-mode pooler may hand out another server
    /// connection each time (a session `SET` would then not stick).
    local_statement_timeout: Option<u64>,
    /// This thread's connection for [`Db::read`]; none behind a transaction-mode pooler.
    pipelined: Option<Pipelined>,
    observer: Option<PhaseObserver>,
}

#[derive(Debug)]
struct SessionSettings {
    statement_timeout_ms: u64,
    transaction_pooler: bool,
}

impl CustomizeConnection<PgConnection, diesel::r2d2::Error> for SessionSettings {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        if self.transaction_pooler {
            // Named prepared statements live on one server connection, which the next
            // transaction may not get: use unnamed ones.
            conn.set_prepared_statement_cache_size(CacheSize::Disabled);
            Ok(())
        } else {
            // Constant for every request, so session level is safe here (unlike tenant context).
            conn.batch_execute(&format!(
                "SET application_name = 'vigil'; SET statement_timeout = {}",
                self.statement_timeout_ms
            ))
            .map_err(diesel::r2d2::Error::QueryError)
        }
    }
}

impl Db {
    /// Builds the pool without opening connections; the first request (or [`Db::ping`]) does.
    /// Fails only when the URL cannot be read.
    pub fn new(options: &PoolOptions) -> Result<Self, ConnectConfigError> {
        let manager = ConnectionManager::<PgConnection>::new(&options.url);
        let connect_timeout = options.connect_timeout.max(Duration::from_secs(1));
        let pool = Pool::builder()
            .max_size(options.pool_size.max(1))
            .min_idle(Some(0))
            // No `SELECT 1` round trip on every checkout: a connection the server closed is
            // found out by its first statement, discarded, and that statement retried on
            // another (see `first_on_live_connection`).
            .test_on_check_out(false)
            .connection_timeout(connect_timeout)
            .connection_customizer(Box::new(SessionSettings {
                statement_timeout_ms: options.statement_timeout_ms,
                transaction_pooler: options.transaction_pooler,
            }))
            .build_unchecked(manager);
        let local_statement_timeout = options
            .transaction_pooler
            .then_some(options.statement_timeout_ms);
        let pipelined = if options.transaction_pooler {
            None
        } else {
            Some(Pipelined::new(
                ConnectConfig::from_url(
                    &options.url,
                    options.statement_timeout_ms,
                    connect_timeout,
                )?,
                connect_timeout,
            ))
        };
        Ok(Self {
            pool,
            turns: Arc::new(Semaphore::new(options.pool_size.max(1) as usize)),
            wait_limit: connect_timeout,
            local_statement_timeout,
            pipelined,
            observer: None,
        })
    }

    /// The same pool, telling `observer` where each call spends its time.
    #[must_use]
    pub fn observed(mut self, observer: PhaseObserver) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Runs `f` in a transaction scoped to one organisation.
    pub async fn tenant<T, E, F>(&self, ctx: TenantContext, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: CallerError,
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
    {
        self.tenant_planned(ctx, PlanCache::Auto, f).await
    }

    /// [`Db::tenant`] with the plans of its kept statements chosen by the caller:
    /// [`PlanCache::Generic`] for a page of a list in index order, which PostgreSQL would
    /// otherwise plan again on every call (it keeps per-call plans for a parameterised
    /// `LIMIT`). Behind a transaction-mode pooler nothing is kept (unnamed statements), so a
    /// generic plan would only lose the values: PostgreSQL chooses there.
    pub async fn tenant_planned<T, E, F>(
        &self,
        ctx: TenantContext,
        plan_cache: PlanCache,
        f: F,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: CallerError,
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
    {
        let plan_cache = if self.local_statement_timeout.is_some() {
            PlanCache::Auto
        } else {
            plan_cache
        };
        let context = Context {
            plan_cache,
            ..Context::new(Some(ctx.org_id), ctx.user_id)
        };
        self.transaction(Some(context), f).await
    }

    /// Runs `f` in a transaction that may read the given user's own rows across organisations.
    pub async fn user<T, E, F>(&self, user_id: UserId, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: CallerError,
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
    {
        self.transaction(Some(Context::new(None, Some(user_id))), f)
            .await
    }

    /// Runs `f` in a transaction that may read the one invitation whose token hashes to
    /// `token_hash`, and its organisation, across tenants (the token is the credential).
    pub async fn invitation_holder<T, E, F>(&self, token_hash: Vec<u8>, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: CallerError,
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
    {
        self.keyed_lookup("app.invitation_token_hash", hex::encode(&token_hash), f)
            .await
    }

    /// Runs `f` in a transaction that may read the one API client with this public id, across
    /// tenants (the token endpoint learns the organisation from it).
    pub async fn api_client_holder<T, E, F>(&self, client_id: String, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: CallerError,
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
    {
        self.keyed_lookup("app.api_client_id", client_id, f).await
    }

    /// Runs `f` in a transaction that may read which organisation a legacy SQLite source was
    /// imported into, across tenants (`vigil import-sqlite` re-runs learn it from the source).
    pub async fn legacy_source_holder<T, E, F>(&self, source: String, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: CallerError,
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
    {
        self.keyed_lookup("app.legacy_import_source", source, f)
            .await
    }

    async fn keyed_lookup<T, E, F>(
        &self,
        setting: &'static str,
        value: String,
        f: F,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: CallerError,
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
    {
        // The value is bound, not written into the text: it comes from outside (a path, say).
        self.transaction(Some(Context::new(None, None)), move |conn| {
            diesel::select(set_config(setting, value, true)).execute(conn)?;
            f(conn)
        })
        .await
    }

    /// Runs `f` in a transaction without tenant context (global tables only).
    pub async fn global<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: CallerError,
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
    {
        self.transaction(None, f).await
    }

    /// Checks that a connection can be had and answers, within `timeout`.
    pub async fn ping<E: CallerError>(&self, timeout: Duration) -> Result<(), E> {
        let pool = self.pool.clone();
        run_blocking(move || {
            first_on_live_connection(&pool, Some(timeout), None, |conn| {
                conn.batch_execute("SELECT 1")
            })
            .map(|_| ())
        })
        .await
    }

    /// Runs one statement that is its own transaction (global reads, functions that set their
    /// own context) on this thread's pipelined connection: no turn, no blocking thread, no
    /// checkout. Behind a transaction-mode pooler, where named statements do not outlive their
    /// transaction, it runs on a pooled connection in a transaction of its own instead.
    ///
    /// The future is not `Send`: the connection belongs to the thread (an HTTP worker).
    pub async fn read<E, S>(&self, statement: S) -> Result<S::Output, E>
    where
        E: CallerError,
        S: SingleStatement,
    {
        let Some(pipelined) = &self.pipelined else {
            return self
                .transaction(None, move |conn| Ok(statement.on_pooled(conn)?))
                .await;
        };
        let started = Instant::now();
        let done = pipelined.run(&statement).await;
        note(self.observer.as_ref(), Phase::Pipelined, started);
        done
    }

    pub fn pool_state(&self) -> diesel::r2d2::State {
        self.pool.state()
    }

    /// Checks a connection out of the pool and runs `f` in one transaction on it, begun with
    /// `context` (and, behind a transaction-mode pooler, the statement timeout) in one round
    /// trip.
    async fn transaction<T, E, F>(&self, context: Option<Context>, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: CallerError,
        F: FnOnce(&mut PgConnection) -> Result<T, E> + Send + 'static,
    {
        let begin = begin_statement(context, self.local_statement_timeout);
        self.on_connection(
            move |conn| begin_with(conn, &begin),
            move |conn, ()| in_open_transaction(conn, f),
        )
        .await
    }

    /// Takes a turn, then on a blocking thread runs `first` on a live pooled connection (see
    /// [`first_on_live_connection`]) and `rest` after it on the same one, telling the observer
    /// each phase.
    async fn on_connection<T, U, E, F, R>(&self, first: F, rest: R) -> Result<T, E>
    where
        T: Send + 'static,
        E: CallerError,
        F: Fn(&mut PgConnection) -> QueryResult<U> + Send + 'static,
        R: FnOnce(&mut PgConnection, U) -> Result<T, E> + Send + 'static,
    {
        let (turn, handed) = self.turn::<E>().await?;
        let pool = self.pool.clone();
        let observer = self.observer.clone();
        run_blocking(move || {
            let _turn = turn;
            let observer = observer.as_ref();
            note(observer, Phase::Handoff, handed);
            let (mut conn, value, started) =
                first_on_live_connection::<_, E>(&pool, None, observer, first)?;
            let done = rest(&mut conn, value);
            note(observer, Phase::Work, started);
            done
        })
        .await
    }

    /// A turn to use one of the pool's connections, first come, first served, and when it came.
    async fn turn<E: CallerError>(
        &self,
    ) -> Result<(tokio::sync::OwnedSemaphorePermit, Instant), E> {
        let queued = Instant::now();
        let turn = tokio::time::timeout(self.wait_limit, self.turns.clone().acquire_owned())
            .await
            .map_err(|_| pool_exhausted::<E>())?
            .map_err(|_| E::from(DataError::Unavailable(None)))?;
        note(self.observer.as_ref(), Phase::Queue, queued);
        Ok((turn, Instant::now()))
    }
}

type Pooled = PooledConnection<ConnectionManager<PgConnection>>;

/// Checks a connection out and runs `first` on it. A connection the server closed while it sat
/// in the pool (a restart, an administrator ending it) fails there having done nothing; it is
/// dropped (the pool discards broken ones) and `first` runs again on the next, at most once per
/// pooled connection and then on a new one.
fn first_on_live_connection<T, E: CallerError>(
    pool: &PgPool,
    timeout: Option<Duration>,
    observer: Option<&PhaseObserver>,
    first: impl Fn(&mut PgConnection) -> QueryResult<T>,
) -> Result<(Pooled, T, Instant), E> {
    let mut attempts = pool.max_size() + 1;
    loop {
        let checkout = Instant::now();
        let mut conn = match timeout {
            Some(timeout) => pool.get_timeout(timeout),
            None => pool.get(),
        }
        .map_err(unavailable::<E>)?;
        note(observer, Phase::Checkout, checkout);
        let checked_out = Instant::now();
        match first(&mut conn) {
            Ok(value) => return Ok((conn, value, checked_out)),
            Err(QueryError::DatabaseError(DatabaseErrorKind::ClosedConnection, _))
                if attempts > 1 =>
            {
                attempts -= 1;
                tracing::warn!(
                    "a pooled database connection was closed by the server; retrying on another"
                );
            }
            Err(error) => return Err(error.into()),
        }
    }
}

/// Runs `f` in the transaction just begun on `conn`, and commits it, or rolls it back when `f`
/// fails (diesel's `Connection::transaction` after its `BEGIN`).
fn in_open_transaction<T, E: CallerError>(
    conn: &mut PgConnection,
    f: impl FnOnce(&mut PgConnection) -> Result<T, E>,
) -> Result<T, E> {
    type Manager = <PgConnection as Connection>::TransactionManager;
    match f(conn) {
        Ok(value) => {
            Manager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => match Manager::rollback_transaction(conn) {
            Ok(()) | Err(QueryError::BrokenTransactionManager) => Err(error),
            Err(rollback) => Err(rollback.into()),
        },
    }
}

/// Every connection stayed busy for the whole connect timeout: answered like a pool timeout.
fn pool_exhausted<E: CallerError>() -> E {
    tracing::error!("no database connection became free in time");
    E::from(DataError::Unavailable(None))
}

fn unavailable<E: CallerError>(error: diesel::r2d2::PoolError) -> E {
    tracing::error!(error = %error, "no database connection available");
    E::from(DataError::Unavailable(Some(Box::new(error))))
}

/// Diesel is synchronous: its work runs on the blocking thread pool, off the async workers.
async fn run_blocking<T, E, F>(f: F) -> Result<T, E>
where
    T: Send + 'static,
    E: CallerError,
    F: FnOnce() -> Result<T, E> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| E::from(DataError::TaskFailed(e)))?
}

/// The first message of a [`Db::tenant_planned`] transaction (without a pooler), as
/// `vigil bench list-documents-sql` prints it for pgbench.
pub fn tenant_begin_statement(ctx: TenantContext, plan_cache: PlanCache) -> String {
    let context = Context {
        plan_cache,
        ..Context::new(Some(ctx.org_id), ctx.user_id)
    };
    begin_statement(Some(context), None)
}

/// Switches the current transaction to an organisation's context (transaction-local, as in
/// [`Db::tenant`]), for requests that learn whose data they touch midway: a signup creating the
/// organisation, a token naming its user.
pub fn enter_tenant(
    conn: &mut PgConnection,
    ctx: TenantContext,
) -> Result<(), diesel::result::Error> {
    context_statement(Some(ctx.org_id), ctx.user_id).execute(conn)?;
    Ok(())
}

/// Switches the current transaction to a user's own context (as in [`Db::user`]).
pub fn enter_user(conn: &mut PgConnection, user_id: UserId) -> Result<(), diesel::result::Error> {
    context_statement(None, Some(user_id)).execute(conn)?;
    Ok(())
}
