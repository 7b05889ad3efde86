//! What a membership change fails with, and its one conversion to the HTTP problem.

use vigil_core::problem_code::ProblemCode;

use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum MemberError {
    #[error("Send a new role, an access end date, or both.")]
    NothingToChange,

    #[error("The end of access must be in the future (remove the member to end it now).")]
    AccessEndNotInFuture,

    #[error("That person is not a member of this organisation.")]
    NotAMember,

    /// The change touches the owner role, which only owners manage (the text says which).
    #[error("{0}")]
    OwnersOnly(&'static str),

    /// It would leave no owner whose access never ends.
    #[error(
        "An organisation needs at least one owner whose access does not end. Make someone else an owner first."
    )]
    LastOwner,

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),
}

impl From<MemberError> for AppError {
    fn from(error: MemberError) -> Self {
        let detail = error.to_string();
        match error {
            MemberError::NothingToChange => AppError::invalid_field("role", detail),
            MemberError::AccessEndNotInFuture => {
                AppError::invalid_field("access_expires_at", detail)
            }
            MemberError::NotAMember => AppError::NotFound {
                code: ProblemCode::MemberNotFound,
                detail,
            },
            MemberError::OwnersOnly(_) => AppError::Forbidden {
                code: ProblemCode::OwnersOnly,
                detail,
            },
            MemberError::LastOwner => AppError::Conflict {
                code: ProblemCode::LastOwner,
                detail,
            },
            MemberError::Database(e) => AppError::from(e),
            MemberError::Pool(e) => AppError::from(e),
        }
    }
}
