//! What sign-in fails with, and its one conversion to the HTTP problem.

use crate::state::EncryptionUnavailable;
use vigil_core::problem_code::ProblemCode;

use crate::error::AppError;
use crate::identity::passkeys::PasskeysUnavailable;
use crate::identity::passkeys::ceremonies::CeremonyError;
use crate::identity::passkeys::credentials::CredentialError;
use crate::ratelimit::RateLimitError;
use webauthn_rs::prelude::WebauthnError;

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

    /// The passkey's answer was refused (not one of the person's passkeys, another site's
    /// origin, no user verification, a counter that went back): told apart to no one.
    #[error(
        "That passkey could not sign you in. Use a passkey you registered with Vigil, or sign in with your password."
    )]
    PasskeyRefused,

    /// The passwordless sign-in's token is unknown, expired or used.
    #[error("This passkey sign-in has expired. Start again.")]
    PasskeyCeremonyExpired,

    #[error("second-factor challenge without its user")]
    ChallengeWithoutUser,

    #[error(transparent)]
    PasskeysUnavailable(#[from] PasskeysUnavailable),

    /// A passkey challenge could not be made, or its state read back.
    #[error("passkey challenge: {0}")]
    Webauthn(#[from] WebauthnError),

    #[error(transparent)]
    Ceremony(#[from] CeremonyError),

    #[error(transparent)]
    Credential(#[from] CredentialError),

    #[error("passkey challenge state: {0}")]
    PasskeyState(#[from] serde_json::Error),

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
            LoginError::PasskeyRefused => unauthorized(ProblemCode::PasskeyRefused),
            LoginError::PasskeyCeremonyExpired => unauthorized(ProblemCode::PasskeyCeremonyExpired),
            LoginError::PasskeysUnavailable(e) => AppError::from(e),
            LoginError::Ceremony(e) => AppError::from(e),
            LoginError::Credential(e) => AppError::from(e),
            LoginError::ChallengeWithoutUser
            | LoginError::Webauthn(_)
            | LoginError::PasskeyState(_) => AppError::unexpected(detail),
            LoginError::Hash(e) => AppError::from(e),
            LoginError::Mfa(e) => AppError::from(e),
            LoginError::Database(e) => AppError::from(e),
            LoginError::Pool(e) => AppError::from(e),
            LoginError::Encryption(e) => AppError::from(e),
        }
    }
}
