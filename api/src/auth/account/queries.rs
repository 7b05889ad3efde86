//! The account operations' own statements. Lookups other features share stay in their modules
//! (`users`, `sessions`, `user_tokens`, `mfa`, `activity`).

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use uuid::Uuid;

use crate::identity::sessions::Session;
use crate::ids::UserId;
use vigil_data::schema::{mfa_recovery_codes, sessions, users};

/// The person's sessions that are neither revoked nor past `expires_at`, most recently used
/// first (idle limits are the caller's: they need the session policy).
pub(super) fn unexpired_sessions(
    conn: &mut PgConnection,
    user_id: UserId,
    now: DateTime<Utc>,
) -> QueryResult<Vec<Session>> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .order(sessions::last_seen_at.desc())
        .select(Session::as_select())
        .load(conn)
}

/// Revokes one of the person's live sessions; answers how many rows changed (0 or 1).
pub(super) fn revoke_session(
    conn: &mut PgConnection,
    user_id: UserId,
    session_id: Uuid,
) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .find(session_id)
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(Utc::now()),
        sessions::revoked_reason.eq("revoked_by_user"),
    ))
    .execute(conn)
}

pub(super) fn set_password_hash(
    conn: &mut PgConnection,
    user_id: UserId,
    hash: &str,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(users::table.find(user_id))
        .set((
            users::password_hash.eq(hash),
            users::password_changed_at.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Sets a confirmed new address (a unique violation means another account took it meanwhile).
pub(super) fn set_verified_email(
    conn: &mut PgConnection,
    user_id: UserId,
    email: &str,
) -> QueryResult<usize> {
    diesel::update(users::table.find(user_id))
        .set((
            users::email.eq(email),
            users::email_verified_at.eq(Utc::now()),
            users::updated_at.eq(Utc::now()),
        ))
        .execute(conn)
}

/// A person's TOTP enrolment as stored.
#[derive(Queryable)]
pub(super) struct MfaState {
    /// The secret, encrypted; set from the start of an enrolment.
    pub secret_encrypted: Option<Vec<u8>>,
    /// When two-step verification was turned on (an enrolment was confirmed).
    pub enabled_at: Option<DateTime<Utc>>,
}

pub(super) fn mfa_state(conn: &mut PgConnection, user_id: UserId) -> QueryResult<MfaState> {
    users::table
        .find(user_id)
        .select((users::mfa_secret_encrypted, users::mfa_enabled_at))
        .first(conn)
}

/// Stores a new secret awaiting confirmation (two-step verification stays off until then).
pub(super) fn set_pending_secret(
    conn: &mut PgConnection,
    user_id: UserId,
    encrypted: Vec<u8>,
) -> QueryResult<usize> {
    diesel::update(users::table.find(user_id))
        .set((
            users::mfa_secret_encrypted.eq(encrypted),
            users::mfa_enabled_at.eq(None::<DateTime<Utc>>),
            users::mfa_last_step.eq(None::<i64>),
        ))
        .execute(conn)
}

pub(super) fn enable_mfa(conn: &mut PgConnection, user_id: UserId) -> QueryResult<usize> {
    diesel::update(users::table.find(user_id))
        .set(users::mfa_enabled_at.eq(Utc::now()))
        .execute(conn)
}

/// Forgets the secret, the last used step and, unless the person keeps a passkey as their
/// second factor, every recovery code.
pub(super) fn disable_mfa(conn: &mut PgConnection, user_id: UserId) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set((
            users::mfa_secret_encrypted.eq(None::<Vec<u8>>),
            users::mfa_enabled_at.eq(None::<DateTime<Utc>>),
            users::mfa_last_step.eq(None::<i64>),
        ))
        .execute(conn)?;
    forget_recovery_codes_without_second_factor(conn, user_id)
}

/// Deletes the recovery codes of a person left without a second factor: they recover nothing.
pub(super) fn forget_recovery_codes_without_second_factor(
    conn: &mut PgConnection,
    user_id: UserId,
) -> QueryResult<()> {
    let second_factor: bool = users::table
        .find(user_id)
        .select(
            users::mfa_enabled_at
                .is_not_null()
                .or(users::passkey_count.gt(0)),
        )
        .first(conn)?;
    if !second_factor {
        diesel::delete(mfa_recovery_codes::table.filter(mfa_recovery_codes::user_id.eq(user_id)))
            .execute(conn)?;
    }
    Ok(())
}
