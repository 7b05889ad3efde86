//! What a profile change fails with, and its one conversion to the HTTP problem.

use vigil_core::problem_code::ProblemCode;

use crate::domain::Invalid;
use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The account went away while the request ran.
    #[error("The account was not found.")]
    AccountNotFound,

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),

    /// Input that breaks its field rules (each field named in the problem).
    #[error(transparent)]
    Invalid(#[from] Invalid),
}

impl From<ProfileError> for AppError {
    fn from(error: ProfileError) -> Self {
        match error {
            ProfileError::AccountNotFound => AppError::NotFound {
                code: ProblemCode::NotFound,
                detail: error.to_string(),
            },
            ProfileError::Database(e) => AppError::from(e),
            ProfileError::Pool(e) => AppError::from(e),
            ProfileError::Invalid(e) => AppError::from(e),
        }
    }
}
