//! What reading the dashboard fails with, and its one conversion to the HTTP problem.

use crate::error::AppError;
use crate::organizations::model::FindError;

#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),

    /// The organisation is gone (deleted, or not this tenant's).
    #[error(transparent)]
    Organization(#[from] FindError),
}

impl From<DashboardError> for AppError {
    fn from(error: DashboardError) -> Self {
        match error {
            DashboardError::Database(e) => AppError::from(e),
            DashboardError::Pool(e) => AppError::from(e),
            DashboardError::Organization(e) => AppError::from(e),
        }
    }
}
