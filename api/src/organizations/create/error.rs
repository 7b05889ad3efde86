//! What creating an organisation fails with, and its one conversion to the HTTP problem.

use crate::error::AppError;
use crate::organizations::model::FindError;
use crate::ratelimit::RateLimitError;
use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum CreateOrganizationError {
    /// Not a usable organisation name (the message says why).
    #[error("{0}")]
    InvalidName(String),

    /// A rate limit was exceeded, or its count could not be kept.
    #[error(transparent)]
    RateLimited(#[from] RateLimitError),

    /// The organisation's storage folders could not be created.
    #[error(transparent)]
    Storage(#[from] StorageError),

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),

    /// The organisation is gone (deleted, or not this tenant's).
    #[error(transparent)]
    Organization(#[from] FindError),
}

impl From<CreateOrganizationError> for AppError {
    fn from(error: CreateOrganizationError) -> Self {
        match error {
            CreateOrganizationError::InvalidName(message) => {
                AppError::invalid_field("name", message)
            }
            CreateOrganizationError::RateLimited(e) => AppError::from(e),
            CreateOrganizationError::Storage(e) => AppError::from(e),
            CreateOrganizationError::Database(e) => AppError::from(e),
            CreateOrganizationError::Pool(e) => AppError::from(e),
            CreateOrganizationError::Organization(e) => AppError::from(e),
        }
    }
}
