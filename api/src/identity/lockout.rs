//! Account lockout that stops guessing without handing attackers a way to lock people out.
//!
//! Guesses (passwords and second-factor codes) are counted per account and source address
//! (5 → that address is locked out of that account for 15 minutes) and per account across the
//! addresses that are not locked (20 → the account is paused everywhere). Every lock expires
//! by itself; each further lock of the same row doubles, up to `VIGIL_LOCKOUT_MAX_MINUTES`.
//! Guesses from an address that is already locked feed nothing else, so one address cannot
//! lock the account for everyone; a browser with a device cookie (`super::devices`) passes the
//! account-wide lock and counts its wrong guesses on its own row instead. Each attempt takes
//! its guess from the counters atomically *before* it is checked, so parallel guesses cannot
//! slip past a limit; the counters are cleared only when sign-in completes (every factor).

use chrono::{DateTime, Duration, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::sql_types::{Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::devices;
use crate::config::AuthConfig;
use crate::ids::{OrgId, UserId};
use vigil_data::models::memberships::access_not_ended;
use vigil_data::schema::{login_throttles, memberships, users};

/// The row that counts failures from every address.
const ACCOUNT_WIDE: &str = "*";

#[derive(Clone, Copy, Debug)]
pub struct LockoutPolicy {
    pub ip_threshold: i32,
    pub account_threshold: i32,
    pub device_threshold: i32,
    pub base: Duration,
    pub max: Duration,
}

impl LockoutPolicy {
    pub fn from_config(config: &AuthConfig) -> Self {
        Self {
            ip_threshold: config.lockout_ip_threshold.max(1),
            account_threshold: config.lockout_account_threshold.max(1),
            device_threshold: config.lockout_device_threshold.max(1),
            base: Duration::minutes(config.lockout_minutes.max(1)),
            max: Duration::minutes(config.lockout_max_minutes.max(1)),
        }
    }
}

/// Who is guessing: the account, the source address, and the trusted device the browser
/// proved with its cookie (when honoured).
#[derive(Clone, Debug)]
pub struct Attempt {
    pub user_id: UserId,
    pub ip: String,
    pub device: Option<Uuid>,
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
    #[diesel(sql_type = Nullable<Timestamptz>)]
    locked_until: Option<DateTime<Utc>>,
}

impl Counter {
    fn closed(&self, threshold: i32, now: DateTime<Utc>) -> bool {
        self.locked_until.is_some_and(|until| until > now) || self.failures > threshold
    }
}

/// Whether this address is locked out of this account right now (read only: checked before
/// the shared per-account rate limit, which a locked address must not spend).
pub fn address_locked(conn: &mut PgConnection, attempt: &Attempt) -> QueryResult<bool> {
    let n: i64 = login_throttles::table
        .filter(login_throttles::user_id.eq(attempt.user_id))
        .filter(login_throttles::ip.eq(&attempt.ip))
        .filter(login_throttles::locked_until.gt(Utc::now()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Counts one guess on a row unless it is locked; returns the row after.
fn take(conn: &mut PgConnection, user_id: UserId, key: &str) -> QueryResult<Counter> {
    vigil_data::prepared(
        "INSERT INTO login_throttles (user_id, ip, failures)
         VALUES ($1, $2, 1)
         ON CONFLICT (user_id, ip) DO UPDATE SET
           failures = CASE WHEN login_throttles.locked_until > now()
                      THEN login_throttles.failures ELSE login_throttles.failures + 1 END,
           updated_at = now()
         RETURNING failures, locked_until",
    )
    .bind::<SqlUuid, _>(user_id)
    .bind::<Text, _>(key)
    .get_result(conn)
}

/// Takes a guess before it is checked. The address row first: when it is closed (locked, or
/// beyond its threshold in a parallel burst) the account-wide row is not touched. A trusted
/// device skips the account-wide row altogether.
pub fn take_guess(
    conn: &mut PgConnection,
    attempt: &Attempt,
    policy: &LockoutPolicy,
) -> QueryResult<Gate> {
    let now = Utc::now();
    if take(conn, attempt.user_id, &attempt.ip)?.closed(policy.ip_threshold, now) {
        return Ok(Gate::Locked);
    }
    if attempt.device.is_some() {
        return Ok(Gate::Open);
    }
    Ok(
        if take(conn, attempt.user_id, ACCOUNT_WIDE)?.closed(policy.account_threshold, now) {
            Gate::Locked
        } else {
            Gate::Open
        },
    )
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

/// Locks a row that reached its threshold (only one of several parallel callers does it). The
/// lock doubles with each level and never exceeds the policy's maximum.
fn lock_if_due(
    conn: &mut PgConnection,
    user_id: UserId,
    key: &str,
    threshold: i32,
    policy: &LockoutPolicy,
) -> QueryResult<Option<DateTime<Utc>>> {
    let locked: Option<Locked> = vigil_data::prepared(
        "UPDATE login_throttles SET
           locked_until = now() + LEAST(make_interval(mins => $3) * power(2, LEAST(lock_level, 20)),
                                        make_interval(mins => $4)),
           lock_level = lock_level + 1,
           failures = 0,
           updated_at = now()
         WHERE user_id = $1 AND ip = $2
           AND (locked_until IS NULL OR locked_until <= now())
           AND failures >= $5
         RETURNING locked_until",
    )
    .bind::<SqlUuid, _>(user_id)
    .bind::<Text, _>(key)
    .bind::<Integer, _>(i32::try_from(policy.base.num_minutes()).unwrap_or(15))
    .bind::<Integer, _>(i32::try_from(policy.max.num_minutes()).unwrap_or(1440))
    .bind::<Integer, _>(threshold)
    .get_result(conn)
    .optional()?;
    Ok(locked.map(|l| l.locked_until))
}

/// Starts the locks whose thresholds were reached (also after a refused attempt, so a row left
/// beyond its threshold always turns into a lock that expires).
pub fn lock_due(
    conn: &mut PgConnection,
    attempt: &Attempt,
    policy: &LockoutPolicy,
) -> QueryResult<Option<NewLock>> {
    let user_id = attempt.user_id;
    let from_ip = lock_if_due(conn, user_id, &attempt.ip, policy.ip_threshold, policy)?;
    let everywhere = match attempt.device {
        Some(_) => None,
        None => lock_if_due(
            conn,
            user_id,
            ACCOUNT_WIDE,
            policy.account_threshold,
            policy,
        )?,
    };
    if let Some(until) = everywhere {
        return Ok(Some(NewLock {
            scope: "from every device".into(),
            until,
        }));
    }
    Ok(from_ip.map(|until| NewLock {
        scope: format!("from {}", attempt.ip),
        until,
    }))
}

/// After a wrong password or second-factor code: the trusted device's own count, then the locks.
pub fn record_failure(
    conn: &mut PgConnection,
    attempt: &Attempt,
    policy: &LockoutPolicy,
) -> QueryResult<Option<NewLock>> {
    if let Some(device) = attempt.device {
        devices::record_failure(conn, device)?;
    }
    lock_due(conn, attempt, policy)
}

/// After a complete sign-in: this address's counters and the account-wide ones start again
/// (other addresses keep theirs: an attacker's lock outlives the owner's success).
pub fn record_success(conn: &mut PgConnection, attempt: &Attempt) -> QueryResult<()> {
    diesel::delete(
        login_throttles::table
            .filter(login_throttles::user_id.eq(attempt.user_id))
            .filter(login_throttles::ip.eq_any([attempt.ip.as_str(), ACCOUNT_WIDE])),
    )
    .execute(conn)?;
    Ok(())
}

/// Clears every lock and counter of the account (unlock link, password reset).
pub fn clear(conn: &mut PgConnection, user_id: UserId) -> QueryResult<()> {
    diesel::delete(login_throttles::table.filter(login_throttles::user_id.eq(user_id)))
        .execute(conn)?;
    Ok(())
}

/// Whether any lock of the account is in force.
pub fn is_locked(conn: &mut PgConnection, user_id: UserId) -> QueryResult<bool> {
    let n: i64 = login_throttles::table
        .filter(login_throttles::user_id.eq(user_id))
        .filter(login_throttles::locked_until.gt(Utc::now()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// What a lock shuts out.
#[derive(Serialize, ToSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LockScope {
    /// One or more source addresses (the person can still sign in from elsewhere).
    Address,
    /// Every address without a device cookie.
    Account,
}

/// A member whose sign-in is locked right now (organisation dashboard).
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct LockedMember {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    /// When the lock ends by itself (the latest, when several addresses are locked).
    pub locked_until: DateTime<Utc>,
    /// `account` when the account-wide lock is in force, else `address`.
    pub scope: LockScope,
}

/// The organisation's active members whose sign-in is locked right now, soonest unlock last.
/// Runs inside the organisation's tenant transaction.
pub fn locked_members(conn: &mut PgConnection, org_id: OrgId) -> QueryResult<Vec<LockedMember>> {
    /// user id, first name, last name, email, address ('*' = account-wide), locked until
    type Row = (Uuid, String, String, String, String, Option<DateTime<Utc>>);
    let now = Utc::now();
    let rows: Vec<Row> = memberships::table
        .inner_join(users::table)
        .inner_join(login_throttles::table.on(login_throttles::user_id.eq(users::id)))
        .filter(memberships::org_id.eq(org_id))
        .filter(access_not_ended(now))
        .filter(login_throttles::locked_until.gt(now))
        .select((
            users::id,
            users::first_name,
            users::last_name,
            users::email,
            login_throttles::ip,
            login_throttles::locked_until,
        ))
        .load(conn)?;
    let mut members: Vec<LockedMember> = Vec::new();
    for (user_id, first, last, email, ip, until) in rows {
        let Some(until) = until else { continue };
        let scope = if ip == ACCOUNT_WIDE {
            LockScope::Account
        } else {
            LockScope::Address
        };
        match members.iter_mut().find(|m| m.user_id == user_id) {
            Some(member) => {
                // The account-wide lock is the one that matters to the person.
                if scope == LockScope::Account {
                    member.scope = LockScope::Account;
                    member.locked_until = until;
                } else if member.scope == LockScope::Address {
                    member.locked_until = member.locked_until.max(until);
                }
            }
            None => members.push(LockedMember {
                user_id,
                name: format!("{first} {last}").trim().to_owned(),
                email,
                locked_until: until,
                scope,
            }),
        }
    }
    members.sort_by(|a, b| {
        b.locked_until
            .cmp(&a.locked_until)
            .then(a.email.cmp(&b.email))
    });
    Ok(members)
}
