//! One connection per thread for the reads that are a statement of their own (the session
//! lookup every request starts with), shared by every request on that thread.
//!
//! The pool runs diesel on a blocking thread: a turn, a hop to that thread, a checkout, and the
//! thread parked once per round trip, then woken, then the hop back. Here the HTTP worker sends
//! the statement itself, on a connection whose driver runs on the same worker, without waiting
//! for the answers to other requests' statements (tokio-postgres pipelines them). Nothing is set
//! on this connection beyond its constant settings, and no transaction is opened on it, so no
//! request can leave anything behind for the next.

mod connect;

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use diesel::pg::sql_state;
use diesel::result::{DatabaseErrorKind, Error as QueryError, QueryResult, SqlStateClass};
use diesel_async::AsyncPgConnection;
use futures_util::future::LocalBoxFuture;

pub(crate) use connect::ConnectConfig;
pub use connect::ConnectConfigError;

use crate::error::{CallerError, DataError};

/// What [`crate::Db::read`] runs: one statement that is its own transaction (reads, or writes
/// that may be repeated), on either kind of connection. Each may run twice when its first
/// connection turns out closed.
pub trait SingleStatement: Send + 'static {
    type Output: Send + 'static;

    /// On this thread's pipelined connection.
    fn on_pipelined<'c>(
        &'c self,
        conn: &'c AsyncPgConnection,
    ) -> LocalBoxFuture<'c, QueryResult<Self::Output>>;

    /// On a pooled connection (behind a transaction-mode pooler, where a named statement does
    /// not outlive its transaction).
    fn on_pooled(&self, conn: &mut diesel::PgConnection) -> QueryResult<Self::Output>;
}

/// After a connection could not be opened, reads on the thread fail at once for this long
/// instead of each waiting out an attempt of its own (the database is down or unreachable).
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// A thread's connection for one pool, and when opening it last failed.
#[derive(Default)]
struct Shared {
    conn: tokio::sync::OnceCell<AsyncPgConnection>,
    failed_at: Cell<Option<Instant>>,
}

type Slot = Rc<Shared>;

thread_local! {
    /// This thread's connection for each pool (usually one) that has used one here.
    static SLOTS: RefCell<Vec<(Weak<ConnectConfig>, Slot)>> = const { RefCell::new(Vec::new()) };
}

/// The pipelined connections of one pool: one per thread that reads through it.
#[derive(Clone)]
pub(crate) struct Pipelined {
    config: Arc<ConnectConfig>,
    /// For opening a connection, TLS and the startup exchange included.
    connect_timeout: Duration,
}

impl Pipelined {
    pub(crate) fn new(config: ConnectConfig, connect_timeout: Duration) -> Self {
        Self {
            config: Arc::new(config),
            connect_timeout,
        }
    }

    /// Runs `statement` on this thread's connection, opening it first if need be. A connection
    /// found closed (a server restart) is replaced and the statement sent again, once.
    pub(crate) async fn run<S: SingleStatement, E: CallerError>(
        &self,
        statement: &S,
    ) -> Result<S::Output, E> {
        let mut retried = false;
        loop {
            let slot = self.slot();
            let conn = slot.conn.get_or_try_init(|| self.open(&slot)).await?;
            match statement.on_pipelined(conn).await {
                Err(error) if !retried && is_closed(&error) => {
                    retried = true;
                    Self::forget(&slot);
                    tracing::warn!("the pipelined database connection was closed; reopening it");
                }
                done => return Ok(done?),
            }
        }
    }

    fn slot(&self) -> Slot {
        SLOTS.with_borrow_mut(|slots| {
            // Pools dropped since (a test's) leave their connections here: close them.
            slots.retain(|(owner, _)| owner.strong_count() > 0);
            if let Some((_, slot)) = slots
                .iter()
                .find(|(owner, _)| owner.as_ptr() == Arc::as_ptr(&self.config))
            {
                return slot.clone();
            }
            let slot = Slot::default();
            slots.push((Arc::downgrade(&self.config), slot.clone()));
            slot
        })
    }

    /// Drops `slot` (if it is still this thread's) so that the next statement opens another.
    fn forget(slot: &Slot) {
        SLOTS.with_borrow_mut(|slots| slots.retain(|(_, kept)| !Rc::ptr_eq(kept, slot)));
    }
}

impl Pipelined {
    /// Opens the thread's connection, unless that failed less than [`RETRY_AFTER`] ago (the
    /// reads waiting for the failed attempt then fail too, rather than try one by one).
    async fn open(&self, slot: &Shared) -> Result<AsyncPgConnection, DataError> {
        if slot
            .failed_at
            .get()
            .is_some_and(|at| at.elapsed() < RETRY_AFTER)
        {
            return Err(DataError::Unavailable(None));
        }
        let opened = match tokio::time::timeout(self.connect_timeout, open(&self.config)).await {
            Ok(opened) => opened,
            Err(elapsed) => Err(Box::new(elapsed) as Box<dyn std::error::Error + Send + Sync>),
        };
        opened.map_err(|error| {
            slot.failed_at.set(Some(Instant::now()));
            tracing::error!(error = %error, "the pipelined database connection could not be opened");
            DataError::Unavailable(Some(error))
        })
    }
}

async fn open(
    config: &ConnectConfig,
) -> Result<AsyncPgConnection, Box<dyn std::error::Error + Send + Sync>> {
    let (client, connection) = config.postgres.connect(config.tls.clone()).await?;
    Ok(AsyncPgConnection::try_from_client_and_connection(client, connection).await?)
}

/// Whether the connection is gone: the client's errors without an SQLSTATE (it could not send,
/// or the socket closed), and the server's own word that it is ending the session. A statement
/// sent just as an administrator or a shutdown ends the backend is answered by that FATAL
/// error (57P01) rather than by a closed socket.
fn is_closed(error: &QueryError) -> bool {
    match error {
        QueryError::DatabaseError(
            DatabaseErrorKind::UnableToSendCommand | DatabaseErrorKind::ClosedConnection,
            _,
        ) => true,
        QueryError::DatabaseError(_, info) => info.sqlstate().is_some_and(|code| {
            code.class() == SqlStateClass::CONNECTION_EXCEPTION
                || matches!(
                    code,
                    sql_state::ADMIN_SHUTDOWN
                        | sql_state::CRASH_SHUTDOWN
                        | sql_state::CANNOT_CONNECT_NOW
                )
        }),
        _ => false,
    }
}
