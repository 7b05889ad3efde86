//! Single-use, expiring tokens sent by email (verification, password reset). Stored hashed.

use chrono::{DateTime, Duration, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use uuid::Uuid;

use crate::error::AppError;
use crate::ids::UserId;
use crate::tokens;
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::user_tokens;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    PasswordReset,
    /// Unlocks sign-in after a lockout.
    Unlock,
    /// "This wasn't me" from a new sign-in email.
    NotMe,
    /// Confirms a new email address (the address is in `data`).
    EmailChange,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::PasswordReset => "password_reset",
            Purpose::Unlock => "unlock",
            Purpose::NotMe => "not_me",
            Purpose::EmailChange => "email_change",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verification link",
            Purpose::PasswordReset => "password reset link",
            Purpose::Unlock => "unlock link",
            Purpose::NotMe => "security link",
            Purpose::EmailChange => "confirmation link",
        }
    }

    fn code(self, problem: &str) -> ProblemCode {
        match (self, problem) {
            (Purpose::VerifyEmail, "invalid") => ProblemCode::VerificationTokenInvalid,
            (Purpose::VerifyEmail, "expired") => ProblemCode::VerificationTokenExpired,
            (Purpose::VerifyEmail, _) => ProblemCode::VerificationTokenUsed,
            (Purpose::PasswordReset, "invalid") => ProblemCode::ResetTokenInvalid,
            (Purpose::PasswordReset, "expired") => ProblemCode::ResetTokenExpired,
            (Purpose::PasswordReset, _) => ProblemCode::ResetTokenUsed,
            (Purpose::Unlock, "invalid") => ProblemCode::UnlockTokenInvalid,
            (Purpose::Unlock, "expired") => ProblemCode::UnlockTokenExpired,
            (Purpose::Unlock, _) => ProblemCode::UnlockTokenUsed,
            (Purpose::NotMe, "invalid") => ProblemCode::SecurityTokenInvalid,
            (Purpose::NotMe, "expired") => ProblemCode::SecurityTokenExpired,
            (Purpose::NotMe, _) => ProblemCode::SecurityTokenUsed,
            (Purpose::EmailChange, "invalid") => ProblemCode::EmailChangeTokenInvalid,
            (Purpose::EmailChange, "expired") => ProblemCode::EmailChangeTokenExpired,
            (Purpose::EmailChange, _) => ProblemCode::EmailChangeTokenUsed,
        }
    }

    fn next_step(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "Ask for a new verification email.",
            Purpose::PasswordReset => "Ask for a new password reset email.",
            Purpose::Unlock => "Wait for the lock to end, or reset your password.",
            Purpose::NotMe => "Reset your password to secure your account.",
            Purpose::EmailChange => "Ask for the change again from your security settings.",
        }
    }

    pub fn invalid(self) -> AppError {
        AppError::BadRequest {
            code: self.code("invalid"),
            detail: format!(
                "This {} is not valid. It may be incomplete, or replaced by a newer one: use the most recent email. {}",
                self.noun(),
                self.next_step()
            ),
        }
    }

    fn expired(self) -> AppError {
        AppError::Gone {
            code: self.code("expired"),
            detail: format!("This {} has expired. {}", self.noun(), self.next_step()),
        }
    }

    fn used(self) -> AppError {
        AppError::Gone {
            code: self.code("used"),
            detail: format!(
                "This {} was already used. {}",
                self.noun(),
                match self {
                    Purpose::VerifyEmail => "Your email is verified: sign in.",
                    Purpose::PasswordReset => "Sign in, or ask for a new password reset email.",
                    Purpose::Unlock => "Your account is unlocked: sign in.",
                    Purpose::NotMe => "Your sessions were already signed out.",
                    Purpose::EmailChange => "The change is done: sign in with your new address.",
                }
            ),
        }
    }
}

/// Why an emailed link was refused; each becomes the problem `Purpose` words for its link.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// Malformed, unknown, or replaced by a newer link (400).
    #[error("invalid link")]
    Invalid(Purpose),
    /// Past its expiry (410).
    #[error("expired link")]
    Expired(Purpose),
    /// Already used (410).
    #[error("used link")]
    Used(Purpose),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

impl From<LinkError> for AppError {
    fn from(error: LinkError) -> Self {
        match error {
            LinkError::Invalid(purpose) => purpose.invalid(),
            LinkError::Expired(purpose) => purpose.expired(),
            LinkError::Used(purpose) => purpose.used(),
            LinkError::Database(e) => e.into(),
        }
    }
}

/// Unlock links outstanding at once: each lock emails one, and every one of them must work
/// (an attacker's later lock must not void the link the person is about to click); the oldest
/// beyond this many are dropped so an attack cannot grow the table without bound.
const UNLOCK_LINKS_KEPT: i64 = 10;

/// Issues a new token, replacing any unused one of the same purpose (unlock links excepted:
/// several stay valid); returns the raw token.
pub fn issue(
    conn: &mut PgConnection,
    user_id: UserId,
    purpose: Purpose,
    ttl: Duration,
) -> QueryResult<String> {
    issue_with(conn, user_id, purpose, ttl, None)
}

/// Issues a token carrying `data` (the new address of an email change).
pub fn issue_with(
    conn: &mut PgConnection,
    user_id: UserId,
    purpose: Purpose,
    ttl: Duration,
    data: Option<&str>,
) -> QueryResult<String> {
    let unused = user_tokens::table
        .filter(user_tokens::user_id.eq(user_id))
        .filter(user_tokens::purpose.eq(purpose.as_str()))
        .filter(user_tokens::used_at.is_null());
    if purpose == Purpose::Unlock {
        let keep: Vec<Uuid> = unused
            .order(user_tokens::created_at.desc())
            .limit(UNLOCK_LINKS_KEPT - 1)
            .select(user_tokens::id)
            .load(conn)?;
        diesel::delete(unused.filter(user_tokens::id.ne_all(keep))).execute(conn)?;
    } else {
        diesel::delete(unused).execute(conn)?;
    }
    let token = tokens::generate();
    diesel::insert_into(user_tokens::table)
        .values((
            user_tokens::id.eq(Uuid::new_v4()),
            user_tokens::user_id.eq(user_id),
            user_tokens::purpose.eq(purpose.as_str()),
            user_tokens::token_hash.eq(tokens::hash(&token)),
            user_tokens::expires_at.eq(Utc::now() + ttl),
            user_tokens::data.eq(data),
        ))
        .execute(conn)?;
    Ok(token)
}

/// Whose token this is, if it is still usable (locks the row until the transaction ends).
pub fn check(conn: &mut PgConnection, raw: &str, purpose: Purpose) -> Result<UserId, LinkError> {
    if !tokens::looks_valid(raw) {
        return Err(LinkError::Invalid(purpose));
    }
    type Row = (Uuid, DateTime<Utc>, Option<DateTime<Utc>>);
    let row: Option<Row> = user_tokens::table
        .filter(user_tokens::token_hash.eq(tokens::hash(raw)))
        .filter(user_tokens::purpose.eq(purpose.as_str()))
        .select((
            user_tokens::user_id,
            user_tokens::expires_at,
            user_tokens::used_at,
        ))
        .for_update()
        .first(conn)
        .optional()?;
    let Some((user_id, expires_at, used_at)) = row else {
        return Err(LinkError::Invalid(purpose));
    };
    if used_at.is_some() {
        return Err(LinkError::Used(purpose));
    }
    if expires_at <= Utc::now() {
        return Err(LinkError::Expired(purpose));
    }
    Ok(UserId::from_uuid(user_id))
}

/// Checks and uses a token in one step.
pub fn consume(conn: &mut PgConnection, raw: &str, purpose: Purpose) -> Result<UserId, LinkError> {
    consume_with_data(conn, raw, purpose).map(|(user_id, _)| user_id)
}

/// Checks and uses a token, returning its data too.
pub fn consume_with_data(
    conn: &mut PgConnection,
    raw: &str,
    purpose: Purpose,
) -> Result<(UserId, Option<String>), LinkError> {
    let user_id = check(conn, raw, purpose)?;
    let data: Option<String> =
        diesel::update(user_tokens::table.filter(user_tokens::token_hash.eq(tokens::hash(raw))))
            .set(user_tokens::used_at.eq(Utc::now()))
            .returning(user_tokens::data)
            .get_result(conn)?;
    Ok((user_id, data))
}

/// Cancels every outstanding (unused) token of the person: pending email changes, reset,
/// unlock, "this wasn't me" and verification links. After a password reset, a password change
/// or "this wasn't me", a link sent earlier — perhaps to or by someone else — must not work.
pub fn cancel_all(conn: &mut PgConnection, user_id: UserId) -> QueryResult<usize> {
    diesel::delete(
        user_tokens::table
            .filter(user_tokens::user_id.eq(user_id))
            .filter(user_tokens::used_at.is_null()),
    )
    .execute(conn)
}
