//! Rate limits kept in PostgreSQL, so they hold across every server instance: fixed windows,
//! counted with one atomic upsert per key.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Timestamptz};

use crate::db::Db;
use crate::error::AppError;

/// At most `max` hits per `window_secs` for one subject (an IP, an email hash, ...).
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub name: &'static str,
    pub max: i32,
    pub window_secs: i64,
}

#[derive(QueryableByName)]
struct Window {
    #[diesel(sql_type = Integer)]
    count: i32,
    #[diesel(sql_type = Timestamptz)]
    window_start: DateTime<Utc>,
}

/// Why [`check`] refused: a limit was exceeded (the 429), or the count could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum RateLimitError {
    #[error("too many requests")]
    Limited { retry_after_secs: u64 },

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),
}

impl From<RateLimitError> for AppError {
    fn from(error: RateLimitError) -> Self {
        match error {
            RateLimitError::Limited { retry_after_secs } => {
                AppError::TooManyRequests { retry_after_secs }
            }
            RateLimitError::Database(e) => AppError::from(e),
            RateLimitError::Pool(e) => AppError::from(e),
        }
    }
}

/// Counts one hit against each limit; fails with 429 and `Retry-After` when any is exceeded.
/// Runs in its own transaction: refused requests still count.
pub async fn check(db: &Db, limits: &[(Limit, String)]) -> Result<(), RateLimitError> {
    let limits = limits.to_vec();
    db.data()
        .global(move |conn| Ok::<_, RateLimitError>(count(conn, &limits)?))
        .await?
        .map_or(Ok(()), |retry_after_secs| {
            Err(RateLimitError::Limited { retry_after_secs })
        })
}

/// [`check`] inside the caller's transaction: counts the request against each limit and
/// answers how many seconds to wait when one is exceeded (the longest wait), or `None`.
pub fn count(conn: &mut PgConnection, limits: &[(Limit, String)]) -> QueryResult<Option<u64>> {
    let mut retry_after: Option<i64> = None;
    for (limit, subject) in limits {
        let window: Window = vigil_data::prepared(
            "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, now(), 1)
             ON CONFLICT (key) DO UPDATE SET
               count = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => $2)
                            THEN 1 ELSE rate_limits.count + 1 END,
               window_start = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => $2)
                            THEN now() ELSE rate_limits.window_start END
             RETURNING count, window_start",
        )
        .bind::<Text, _>(format!("{}:{subject}", limit.name))
        .bind::<BigInt, _>(limit.window_secs)
        .get_result(conn)?;
        if window.count > limit.max {
            let ends = window.window_start + chrono::Duration::seconds(limit.window_secs);
            let wait = (ends - Utc::now()).num_seconds().max(1);
            retry_after = Some(retry_after.map_or(wait, |w| w.max(wait)));
        }
    }
    Ok(retry_after.map(|secs| u64::try_from(secs).unwrap_or(1)))
}

pub fn email_key(normalized_email: &str) -> String {
    hex::encode(&crate::tokens::hash(normalized_email)[..16])
}
