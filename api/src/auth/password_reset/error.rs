//! What a password reset fails with, and its one conversion to the HTTP problem.

use crate::error::AppError;
use crate::identity::user_tokens::{LinkError, Purpose};
use crate::ratelimit::RateLimitError;

#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    /// The address is not an email address (the message says why).
    #[error("{0}")]
    InvalidEmail(String),

    /// The new password breaks a rule (the message says which).
    #[error("{0}")]
    WeakPassword(String),

    /// A rate limit was exceeded, or its count could not be kept.
    #[error(transparent)]
    RateLimited(#[from] RateLimitError),

    /// The reset link is not valid, has expired or was used.
    #[error(transparent)]
    Link(#[from] LinkError),

    /// The CAPTCHA was missing, wrong, expired or used, or its provider did not answer.
    #[error(transparent)]
    Captcha(#[from] crate::captcha::CaptchaError),

    /// The password could not be hashed or checked.
    #[error(transparent)]
    Hash(#[from] crate::identity::password::HashError),

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),
}

impl ResetError {
    /// A link whose account is gone reads like any other invalid link.
    pub(super) fn invalid_link() -> Self {
        Self::Link(LinkError::Invalid(Purpose::PasswordReset))
    }
}

impl From<ResetError> for AppError {
    fn from(error: ResetError) -> Self {
        match error {
            ResetError::InvalidEmail(message) => AppError::invalid_field("email", message),
            ResetError::WeakPassword(message) => AppError::invalid_field("password", message),
            ResetError::RateLimited(e) => AppError::from(e),
            ResetError::Link(e) => AppError::from(e),
            ResetError::Captcha(e) => AppError::from(e),
            ResetError::Hash(e) => AppError::from(e),
            ResetError::Database(e) => AppError::from(e),
            ResetError::Pool(e) => AppError::from(e),
        }
    }
}
