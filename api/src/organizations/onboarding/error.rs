//! What the onboarding endpoints fail with, and its one conversion to the HTTP problem.

use crate::error::AppError;
use crate::organizations::model::FindError;

#[derive(Debug, thiserror::Error)]
pub enum OnboardingError {
    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),

    /// The organisation is gone (deleted, or not this tenant's).
    #[error(transparent)]
    Organization(#[from] FindError),
}

impl From<OnboardingError> for AppError {
    fn from(error: OnboardingError) -> Self {
        match error {
            OnboardingError::Database(e) => AppError::from(e),
            OnboardingError::Pool(e) => AppError::from(e),
            OnboardingError::Organization(e) => AppError::from(e),
        }
    }
}
