//! What switching organisation fails with, and its one conversion to the HTTP problem.

use vigil_core::problem_code::ProblemCode;

use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum SwitchError {
    /// Unknown, or the person is not a member: which one never leaks.
    #[error("No such organisation, or you are not a member of it.")]
    NotAMember,

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),
}

impl From<SwitchError> for AppError {
    fn from(error: SwitchError) -> Self {
        let detail = error.to_string();
        match error {
            SwitchError::NotAMember => AppError::NotFound {
                code: ProblemCode::OrganizationNotFound,
                detail,
            },
            SwitchError::Database(e) => AppError::from(e),
            SwitchError::Pool(e) => AppError::from(e),
        }
    }
}
