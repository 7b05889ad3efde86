//! What the organisation profile endpoints fail with, and its one conversion to the problem.

use vigil_core::problem_code::ProblemCode;

use crate::domain::Invalid;
use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// Deleted, or never visible to this tenant.
    #[error("No such organisation, or you are not a member of it.")]
    NotFound,

    /// The postcode does not belong to the state (the message says which).
    #[error("{0}")]
    PostcodeNotInState(String),

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
            ProfileError::NotFound => AppError::NotFound {
                code: ProblemCode::OrganizationNotFound,
                detail: error.to_string(),
            },
            ProfileError::PostcodeNotInState(message) => {
                AppError::invalid_field("postcode", message)
            }
            ProfileError::Database(e) => AppError::from(e),
            ProfileError::Pool(e) => AppError::from(e),
            ProfileError::Invalid(e) => AppError::from(e),
        }
    }
}
