//! What sign-in fails with, and its one conversion to the HTTP problem.

use crate::state::EncryptionUnavailable;
use vigil_core::problem_code::ProblemCode;

use crate::error::AppError;
use crate::ratelimit::RateLimitError;

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// The address is not an email address (the message says why).
    #[error("{0}")]
    InvalidEmail(String),

    #[error("Password is required.")]
    PasswordRequired,

    /// Too many attempts from this network or for this account, or the network is blocked.
    #[error(transparent)]
    RateLimited(#[from] RateLimitError),

    /// Unknown address, wrong password or a locked account: told apart to no one.
    #[error("The email or password is incorrect.")]
    InvalidCredentials,

    #[error("This account is disabled. Contact your organisation's administrator.")]
    AccountDisabled,

    #[error("Verify your email address first: use the link we sent you, or ask for a new one.")]
    EmailNotVerified,

    /// The second step's token is unknown, expired or used up.
    #[error(
        "This sign-in step has expired or was tried too often. Sign in again with your password."
    )]
    ChallengeInvalid,

    /// The second step came while the address or account is locked: the code was not checked.
    #[error(
        "Too many wrong attempts: sign-in is paused for a while. Use the unlock link we emailed you, or try again later."
    )]
    Locked,

    #[error(
        "That code is not valid. Use the current 6-digit code from your authenticator app (each code works once), or a recovery code."
    )]
    InvalidCode,

    #[error("second-factor challenge without its user")]
    ChallengeWithoutUser,

    /// The password could not be hashed or checked.
    #[error(transparent)]
    Hash(#[from] crate::identity::password::HashError),

    /// The second factor could not be checked or set up.
    #[error(transparent)]
    Mfa(#[from] crate::identity::mfa::MfaError),

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),

    /// No encryption key on this server.
    #[error(transparent)]
    Encryption(#[from] EncryptionUnavailable),
}

impl From<LoginError> for AppError {
    fn from(error: LoginError) -> Self {
        let detail = error.to_string();
        let unauthorized = |code| AppError::Unauthorized {
            code,
            detail: detail.clone(),
        };
        let forbidden = |code| AppError::Forbidden {
            code,
            detail: detail.clone(),
        };
        match error {
            LoginError::InvalidEmail(_) => AppError::invalid_field("email", detail),
            LoginError::PasswordRequired => AppError::invalid_field("password", detail),
            LoginError::RateLimited(e) => AppError::from(e),
            LoginError::InvalidCredentials => unauthorized(ProblemCode::InvalidCredentials),
            LoginError::ChallengeInvalid => unauthorized(ProblemCode::MfaChallengeInvalid),
            LoginError::Locked => unauthorized(ProblemCode::SignInLocked),
            LoginError::InvalidCode => unauthorized(ProblemCode::MfaCodeInvalid),
            LoginError::AccountDisabled => forbidden(ProblemCode::AccountDisabled),
            LoginError::EmailNotVerified => forbidden(ProblemCode::EmailNotVerified),
            LoginError::ChallengeWithoutUser => AppError::unexpected(detail),
            LoginError::Hash(e) => AppError::from(e),
            LoginError::Mfa(e) => AppError::from(e),
            LoginError::Database(e) => AppError::from(e),
            LoginError::Pool(e) => AppError::from(e),
            LoginError::Encryption(e) => AppError::from(e),
        }
    }
}
