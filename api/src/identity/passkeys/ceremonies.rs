//! A passkey ceremony between its two requests: the library's state (the challenge it issued)
//! kept in the database, never in a cookie, found by the hash of a token the client holds and
//! taken once. Expired ceremonies are cleared as new ones start.

use chrono::{DateTime, Duration, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::AppError;
use crate::ids::UserId;
use crate::tokens;
use vigil_data::schema::passkey_ceremonies;

/// The browser's own timeout is five minutes; a little slack for the answer to arrive.
const LIFETIME_MINUTES: i64 = 6;

vigil_core::text_enum! {
    /// What a ceremony is for.
    pub enum Purpose {
        Registration = "registration",
        SignIn = "sign_in",
        /// A signed-in person proving it again before a sensitive action.
        StepUp = "step_up",
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CeremonyError {
    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// The stored state is not the library's (written by another version).
    #[error("passkey ceremony state: {0}")]
    State(#[from] serde_json::Error),
}

impl From<CeremonyError> for AppError {
    fn from(error: CeremonyError) -> Self {
        match error {
            CeremonyError::Database(e) => AppError::from(e),
            other @ CeremonyError::State(_) => AppError::Unexpected(other.into()),
        }
    }
}

/// Keeps `state` for `purpose` (a registration is `user`'s); answers the token and its expiry.
pub fn start(
    conn: &mut PgConnection,
    purpose: Purpose,
    user: Option<UserId>,
    state: &impl Serialize,
) -> Result<(String, DateTime<Utc>), CeremonyError> {
    let now = Utc::now();
    diesel::delete(passkey_ceremonies::table.filter(passkey_ceremonies::expires_at.lt(now)))
        .execute(conn)?;
    let token = tokens::generate();
    let expires_at = now + Duration::minutes(LIFETIME_MINUTES);
    diesel::insert_into(passkey_ceremonies::table)
        .values((
            passkey_ceremonies::id.eq(Uuid::new_v4()),
            passkey_ceremonies::token_hash.eq(tokens::hash(&token)),
            passkey_ceremonies::purpose.eq(purpose.as_str()),
            passkey_ceremonies::user_id.eq(user.map(UserId::into_uuid)),
            passkey_ceremonies::state.eq(serde_json::to_value(state)?),
            passkey_ceremonies::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok((token, expires_at))
}

/// Takes the live ceremony of `token` for `purpose` and `user` (deleted whatever comes next, so
/// an answer is checked once). `None` when there is none: unknown, expired, used, or another's.
pub fn take<T: DeserializeOwned>(
    conn: &mut PgConnection,
    token: &str,
    purpose: Purpose,
    user: Option<UserId>,
) -> Result<Option<T>, CeremonyError> {
    if !tokens::looks_valid(token) {
        return Ok(None);
    }
    let state: Option<(Option<Uuid>, serde_json::Value)> = diesel::delete(
        passkey_ceremonies::table
            .filter(passkey_ceremonies::token_hash.eq(tokens::hash(token)))
            .filter(passkey_ceremonies::purpose.eq(purpose.as_str()))
            .filter(passkey_ceremonies::expires_at.gt(Utc::now())),
    )
    .returning((passkey_ceremonies::user_id, passkey_ceremonies::state))
    .get_result(conn)
    .optional()?;
    match state {
        Some((owner, state)) if owner == user.map(UserId::into_uuid) => {
            Ok(Some(serde_json::from_value(state)?))
        }
        _ => Ok(None),
    }
}
