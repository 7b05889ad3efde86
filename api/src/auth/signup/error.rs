//! What signup and verification fail with, and its one conversion to the HTTP problem.

use crate::domain::Invalid;
use crate::error::AppError;
use crate::identity::user_tokens::LinkError;
use crate::ratelimit::RateLimitError;
use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum SignupError {
    /// The address to resend to is not an email address (the message says why).
    #[error("{0}")]
    InvalidEmail(String),

    /// A rate limit was exceeded, or its count could not be kept.
    #[error(transparent)]
    RateLimited(#[from] RateLimitError),

    /// The verification link is not valid, has expired or was used.
    #[error(transparent)]
    Link(#[from] LinkError),

    #[error("email conflict without a user")]
    ConflictWithoutUser,

    #[error("token without its user")]
    TokenWithoutUser,

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

    /// Input that breaks its field rules (each field named in the problem).
    #[error(transparent)]
    Invalid(#[from] Invalid),

    /// The organisation's storage folders could not be made.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<SignupError> for AppError {
    fn from(error: SignupError) -> Self {
        match error {
            SignupError::InvalidEmail(message) => AppError::invalid_field("email", message),
            SignupError::RateLimited(e) => AppError::from(e),
            SignupError::Link(e) => AppError::from(e),
            e @ (SignupError::ConflictWithoutUser | SignupError::TokenWithoutUser) => {
                AppError::unexpected(e.to_string())
            }
            SignupError::Captcha(e) => AppError::from(e),
            SignupError::Hash(e) => AppError::from(e),
            SignupError::Database(e) => AppError::from(e),
            SignupError::Pool(e) => AppError::from(e),
            SignupError::Invalid(e) => AppError::from(e),
            SignupError::Storage(e) => AppError::from(e),
        }
    }
}
