//! Account lockout that stops guessing without handing attackers a way to lock people out.
//!
//! Failures are counted per account and source IP (5 → that IP is locked out of that account
//! for 15 minutes, doubling on repeat up to a day) and per account across all IPs (20 → the
//! account is paused everywhere for a while; 100 consecutive → locked until unlocked by email
//! or a password reset). Each attempt takes its guess from the counters atomically *before*
//! the password is checked, so parallel guesses cannot slip past a limit.

use chrono::{DateTime, Duration, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};

use crate::config::AuthConfig;
use crate::db::schema::login_throttles;
use crate::error::AppError;
use crate::ids::UserId;

/// The row that counts failures from every IP.
const ACCOUNT_WIDE: &str = "*";

#[derive(Clone, Copy, Debug)]
pub struct LockoutPolicy {
    pub ip_threshold: i32,
    pub account_threshold: i32,
    pub hard_limit: i32,
    pub base: Duration,
    pub max: Duration,
}

impl LockoutPolicy {
    pub fn from_config(config: &AuthConfig) -> Self {
        Self {
            ip_threshold: config.lockout_ip_threshold.max(1),
            account_threshold: config.lockout_account_threshold.max(1),
            hard_limit: config.lockout_hard_limit.clamp(1, 100),
            base: Duration::minutes(config.lockout_minutes.max(1)),
            max: Duration::minutes(config.lockout_max_minutes.max(1)),
        }
    }
}

/// Whether a guess may be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Open,
    Locked,
}

#[derive(QueryableByName, Debug)]
struct Counter {
    #[diesel(sql_type = Integer)]
    failures: i32,
    #[diesel(sql_type = Integer)]
    consecutive_failures: i32,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    locked_until: Option<DateTime<Utc>>,
}

/// Counts one guess on a row unless it is locked; returns the row after.
fn take(conn: &mut PgConnection, user_id: UserId, key: &str) -> Result<Counter, AppError> {
    Ok(diesel::sql_query(
        "INSERT INTO login_throttles (user_id, ip, failures, consecutive_failures)
         VALUES ($1, $2, 1, 1)
         ON CONFLICT (user_id, ip) DO UPDATE SET
           failures = CASE WHEN login_throttles.locked_until > now()
                      THEN login_throttles.failures ELSE login_throttles.failures + 1 END,
           consecutive_failures = CASE WHEN login_throttles.locked_until > now()
                      THEN login_throttles.consecutive_failures
                      ELSE login_throttles.consecutive_failures + 1 END,
           updated_at = now()
         RETURNING failures, consecutive_failures, locked_until",
    )
    .bind::<SqlUuid, _>(user_id.into_uuid())
    .bind::<Text, _>(key)
    .get_result(conn)?)
}

/// Takes a guess for this account from this IP, before the password is checked. `Locked` when
/// either row is locked, or the guess is beyond a threshold (a parallel attempt).
pub fn take_guess(
    conn: &mut PgConnection,
    user_id: UserId,
    ip: &str,
    policy: &LockoutPolicy,
) -> Result<Gate, AppError> {
    let now = Utc::now();
    let from_ip = take(conn, user_id, ip)?;
    let everywhere = take(conn, user_id, ACCOUNT_WIDE)?;
    let locked = |c: &Counter| c.locked_until.is_some_and(|until| until > now);
    let over = from_ip.failures > policy.ip_threshold
        || everywhere.failures > policy.account_threshold
        || everywhere.consecutive_failures > policy.hard_limit;
    Ok(if locked(&from_ip) || locked(&everywhere) || over {
        Gate::Locked
    } else {
        Gate::Open
    })
}

/// A lock that has just begun, for the email to the account owner.
#[derive(Debug, Clone)]
pub struct NewLock {
    /// "from 203.0.113.9" or "from every device"
    pub scope: String,
    pub until: DateTime<Utc>,
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Timestamptz)]
    locked_until: DateTime<Utc>,
}

/// Locks a row that reached its threshold (only one of several parallel callers does it).
fn lock_if_due(
    conn: &mut PgConnection,
    user_id: UserId,
    key: &str,
    threshold: i32,
    policy: &LockoutPolicy,
    hard_limit: Option<i32>,
) -> Result<Option<DateTime<Utc>>, AppError> {
    // The lock length for the current level, computed in SQL from the policy's base and cap.
    let locked: Option<Locked> = diesel::sql_query(
        "UPDATE login_throttles SET
           locked_until = CASE
             WHEN $5::int IS NOT NULL AND consecutive_failures >= $5 THEN '9999-12-31T00:00:00Z'::timestamptz
             ELSE now() + LEAST(make_interval(mins => $3) * power(2, LEAST(lock_level, 20)),
                                make_interval(mins => $4))
           END,
           lock_level = lock_level + 1,
           failures = 0,
           updated_at = now()
         WHERE user_id = $1 AND ip = $2
           AND (locked_until IS NULL OR locked_until <= now())
           AND (failures >= $6 OR ($5::int IS NOT NULL AND consecutive_failures >= $5))
         RETURNING locked_until",
    )
    .bind::<SqlUuid, _>(user_id.into_uuid())
    .bind::<Text, _>(key)
    .bind::<Integer, _>(i32::try_from(policy.base.num_minutes()).unwrap_or(15))
    .bind::<Integer, _>(i32::try_from(policy.max.num_minutes()).unwrap_or(1440))
    .bind::<Nullable<Integer>, _>(hard_limit)
    .bind::<Integer, _>(threshold)
    .get_result(conn)
    .optional()?;
    Ok(locked.map(|l| l.locked_until))
}

/// After a wrong password: starts the locks whose thresholds were reached.
pub fn record_failure(
    conn: &mut PgConnection,
    user_id: UserId,
    ip: &str,
    policy: &LockoutPolicy,
) -> Result<Option<NewLock>, AppError> {
    let everywhere = lock_if_due(
        conn,
        user_id,
        ACCOUNT_WIDE,
        policy.account_threshold,
        policy,
        Some(policy.hard_limit),
    )?;
    if let Some(until) = everywhere {
        return Ok(Some(NewLock {
            scope: "from every device".into(),
            until,
        }));
    }
    let from_ip = lock_if_due(conn, user_id, ip, policy.ip_threshold, policy, None)?;
    Ok(from_ip.map(|until| NewLock {
        scope: format!("from {ip}"),
        until,
    }))
}

/// After a correct password: this IP's counters and the account-wide ones start again.
pub fn record_success(conn: &mut PgConnection, user_id: UserId, ip: &str) -> Result<(), AppError> {
    diesel::delete(
        login_throttles::table
            .filter(login_throttles::user_id.eq(user_id.into_uuid()))
            .filter(login_throttles::ip.eq_any([ip, ACCOUNT_WIDE])),
    )
    .execute(conn)?;
    Ok(())
}

/// Clears every lock and counter of the account (unlock link, password reset).
pub fn clear(conn: &mut PgConnection, user_id: UserId) -> Result<(), AppError> {
    diesel::delete(login_throttles::table.filter(login_throttles::user_id.eq(user_id.into_uuid())))
        .execute(conn)?;
    Ok(())
}

/// Whether any lock of the account is in force (for the dashboard).
pub fn is_locked(conn: &mut PgConnection, user_id: UserId) -> Result<bool, AppError> {
    let n: i64 = login_throttles::table
        .filter(login_throttles::user_id.eq(user_id.into_uuid()))
        .filter(login_throttles::locked_until.gt(Utc::now()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
