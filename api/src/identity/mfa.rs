//! Multi-factor authentication with TOTP (RFC 6238): enrolment with an otpauth URI for a QR
//! code, confirmation, ten single-use recovery codes, disabling, and the second step of sign-in.
//! Secrets are encrypted at rest (`crate::crypto`); a code is accepted once.

use chrono::{DateTime, Duration, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use rand::Rng;
use totp_rs::{Algorithm, Secret as TotpSecret, Totp};
use uuid::Uuid;

use super::sessions::AuthMethod;
use crate::crypto::Cipher;
use crate::crypto::CryptoError;
use crate::error::AppError;
use crate::ids::UserId;
use crate::tokens;
use vigil_data::schema::{mfa_challenges, mfa_recovery_codes, users};

/// Why a second factor could not be checked or set up; always a server fault (a wrong code
/// is an answer, not an error).
#[derive(Debug, thiserror::Error)]
pub enum MfaError {
    /// The secret does not make a TOTP (the library's message).
    #[error("TOTP setup failed: {0}")]
    Totp(String),

    #[error(transparent)]
    Crypto(#[from] CryptoError),

    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

impl From<MfaError> for AppError {
    fn from(error: MfaError) -> Self {
        match error {
            MfaError::Database(e) => AppError::from(e),
            other => AppError::Unexpected(other.into()),
        }
    }
}

/// The TOTP of a secret, as authenticator apps compute it (SHA-1, 6 digits, 30 s, ±1 step).
pub fn totp(secret: &[u8], account: &str) -> Result<Totp, MfaError> {
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_skew(1)
        .with_secret(TotpSecret::from(secret.to_vec()))
        .with_account_name(account)
        .with_issuer(Some("Vigil"))
        .build()
        .map_err(|e| MfaError::Totp(e.to_string()))
}

/// A fresh 160-bit secret.
pub fn new_secret() -> Vec<u8> {
    TotpSecret::generate().as_bytes().to_vec()
}

pub fn base32(secret: &[u8]) -> String {
    TotpSecret::from(secret.to_vec()).to_base32()
}

/// Accepts `code` if it is valid now and its time step was not used before (a code cannot be
/// replayed within its window). Records the step.
pub fn accept_code(
    conn: &mut PgConnection,
    user_id: UserId,
    totp: &Totp,
    code: &str,
) -> QueryResult<bool> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Ok(false);
    }
    let now = u64::try_from(Utc::now().timestamp()).unwrap_or(0);
    let Some(step) = totp.check(&code, now) else {
        return Ok(false);
    };
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    let recorded = diesel::update(users::table.find(user_id))
        .filter(
            users::mfa_last_step
                .is_null()
                .or(users::mfa_last_step.lt(step)),
        )
        .set(users::mfa_last_step.eq(step))
        .execute(conn)?;
    Ok(recorded == 1)
}

/// Ten recovery codes like `k7vq-m2xp-9tdr`, returned once; only their hashes are kept.
pub fn replace_recovery_codes(
    conn: &mut PgConnection,
    user_id: UserId,
) -> QueryResult<Vec<String>> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    diesel::delete(mfa_recovery_codes::table.filter(mfa_recovery_codes::user_id.eq(user_id)))
        .execute(conn)?;
    let mut rng = rand::rng();
    let mut codes = Vec::with_capacity(10);
    for _ in 0..10 {
        let raw: String = (0..12)
            .map(|_| {
                char::from(ALPHABET[usize::try_from(rng.next_u32()).unwrap_or(0) % ALPHABET.len()])
            })
            .collect();
        let code = format!("{}-{}-{}", &raw[..4], &raw[4..8], &raw[8..]);
        diesel::insert_into(mfa_recovery_codes::table)
            .values((
                mfa_recovery_codes::user_id.eq(user_id),
                mfa_recovery_codes::code_hash.eq(tokens::hash(&code)),
            ))
            .execute(conn)?;
        codes.push(code);
    }
    Ok(codes)
}

/// Uses a recovery code once.
pub fn use_recovery_code(
    conn: &mut PgConnection,
    user_id: UserId,
    code: &str,
) -> QueryResult<bool> {
    let normalized = code.trim().to_lowercase();
    let used = diesel::update(
        mfa_recovery_codes::table
            .filter(mfa_recovery_codes::user_id.eq(user_id))
            .filter(mfa_recovery_codes::code_hash.eq(tokens::hash(&normalized)))
            .filter(mfa_recovery_codes::used_at.is_null()),
    )
    .set(mfa_recovery_codes::used_at.eq(Utc::now()))
    .execute(conn)?;
    Ok(used == 1)
}

pub fn recovery_codes_left(conn: &mut PgConnection, user_id: UserId) -> QueryResult<i64> {
    mfa_recovery_codes::table
        .filter(mfa_recovery_codes::user_id.eq(user_id))
        .filter(mfa_recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}

/// Checks a second factor: a TOTP code or a recovery code. Answers how the person proved it
/// (`None` when the code is wrong).
pub fn verify_second_factor(
    conn: &mut PgConnection,
    cipher: &Cipher,
    user_id: UserId,
    account: &str,
    code: Option<&str>,
    recovery_code: Option<&str>,
) -> Result<Option<AuthMethod>, MfaError> {
    if let Some(recovery) = recovery_code.filter(|c| !c.trim().is_empty()) {
        return Ok(
            use_recovery_code(conn, user_id, recovery)?.then_some(AuthMethod::PasswordRecoveryCode)
        );
    }
    let Some(code) = code else {
        return Ok(None);
    };
    let stored: Option<Vec<u8>> = users::table
        .find(user_id)
        .filter(users::mfa_enabled_at.is_not_null())
        .select(users::mfa_secret_encrypted)
        .first::<Option<Vec<u8>>>(conn)
        .optional()?
        .flatten();
    let Some(stored) = stored else {
        return Ok(None);
    };
    let secret = cipher.decrypt(&stored)?;
    Ok(accept_code(conn, user_id, &totp(&secret, account)?, code)?
        .then_some(AuthMethod::PasswordTotp))
}

/// The pending second step of a sign-in.
pub struct Challenge {
    pub user_id: UserId,
    pub remember_me: bool,
    /// The passkey challenge issued with it, as the library's state.
    pub passkey_state: Option<serde_json::Value>,
}

/// Starts the second step: returns the token the client sends back with the code.
/// `passkey_state` keeps the passkey challenge offered with it.
pub fn start_challenge(
    conn: &mut PgConnection,
    user_id: UserId,
    remember_me: bool,
    passkey_state: Option<serde_json::Value>,
) -> QueryResult<(String, DateTime<Utc>)> {
    let token = tokens::generate();
    let expires_at = Utc::now() + Duration::minutes(5);
    diesel::insert_into(mfa_challenges::table)
        .values((
            mfa_challenges::id.eq(Uuid::new_v4()),
            mfa_challenges::user_id.eq(user_id),
            mfa_challenges::token_hash.eq(tokens::hash(&token)),
            mfa_challenges::remember_me.eq(remember_me),
            mfa_challenges::expires_at.eq(expires_at),
            mfa_challenges::passkey_state.eq(passkey_state),
        ))
        .execute(conn)?;
    Ok((token, expires_at))
}

/// Attempts allowed per challenge before it must be started again with the password.
pub const MAX_CHALLENGE_ATTEMPTS: i32 = 5;

/// The live challenge for a token, counting this attempt.
pub fn attempt_challenge(
    conn: &mut PgConnection,
    token: &str,
) -> QueryResult<Option<(Uuid, Challenge)>> {
    if !tokens::looks_valid(token) {
        return Ok(None);
    }
    let row: Option<(Uuid, Uuid, bool, Option<serde_json::Value>)> = diesel::update(
        mfa_challenges::table
            .filter(mfa_challenges::token_hash.eq(tokens::hash(token)))
            .filter(mfa_challenges::used_at.is_null())
            .filter(mfa_challenges::expires_at.gt(Utc::now()))
            .filter(mfa_challenges::attempts.lt(MAX_CHALLENGE_ATTEMPTS)),
    )
    .set(mfa_challenges::attempts.eq(mfa_challenges::attempts + 1))
    .returning((
        mfa_challenges::id,
        mfa_challenges::user_id,
        mfa_challenges::remember_me,
        mfa_challenges::passkey_state,
    ))
    .get_result(conn)
    .optional()?;
    Ok(row.map(|(id, user_id, remember_me, passkey_state)| {
        (
            id,
            Challenge {
                user_id: UserId::from_uuid(user_id),
                remember_me,
                passkey_state,
            },
        )
    }))
}

pub fn finish_challenge(conn: &mut PgConnection, id: Uuid) -> QueryResult<()> {
    diesel::update(mfa_challenges::table.find(id))
        .set(mfa_challenges::used_at.eq(Utc::now()))
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn otpauth_uris_name_the_account_and_issuer() {
        let totp = totp(&new_secret(), "jane@example.org").unwrap();
        let url = totp.to_url().unwrap();
        assert!(
            url.starts_with("otpauth://totp/Vigil:jane%40example.org?"),
            "{url}"
        );
        assert!(url.contains("issuer=Vigil"));
    }
}
