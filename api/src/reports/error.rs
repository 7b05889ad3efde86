//! What the report endpoints fail with, and its one conversion to the HTTP problem.

use crate::authz::Refusal;
use crate::authz::step_up::StepUpRequired;
use vigil_core::problem_code::ProblemCode;

use crate::error::AppError;
use crate::ratelimit::RateLimitError;
use crate::storage::StorageError;
use vigil_core::reports::ReportStatus;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Unknown here, another organisation's, or an audit-log report the caller may not read.
    #[error("No such report in this organisation.")]
    NotFound,

    /// Still pending, or failed: there is nothing to download.
    #[error("This report is {}; it can be downloaded once it is ready.", status.as_str())]
    NotReady { status: ReportStatus },

    /// A row marked ready whose storage key is missing or outside the reports folder.
    #[error("a ready report without its file")]
    FileMissing,

    /// Too many reports asked for, or the count could not be kept.
    #[error(transparent)]
    RateLimited(#[from] RateLimitError),

    #[error(transparent)]
    Storage(#[from] StorageError),

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),

    /// The caller may not ask for this kind of report.
    #[error(transparent)]
    Refused(#[from] Refusal),

    /// An audit-log download without a recent proof of who the person is.
    #[error(transparent)]
    StepUp(#[from] StepUpRequired),
}

impl From<ReportError> for AppError {
    fn from(error: ReportError) -> Self {
        let detail = error.to_string();
        match error {
            ReportError::NotFound => AppError::NotFound {
                code: ProblemCode::ReportNotFound,
                detail,
            },
            ReportError::NotReady { .. } => AppError::Conflict {
                code: ProblemCode::ReportNotReady,
                detail,
            },
            ReportError::FileMissing => AppError::unexpected(detail),
            ReportError::RateLimited(e) => AppError::from(e),
            ReportError::Storage(e) => AppError::from(e),
            ReportError::Database(e) => AppError::from(e),
            ReportError::Pool(e) => AppError::from(e),
            ReportError::Refused(e) => AppError::from(e),
            ReportError::StepUp(e) => AppError::from(e),
        }
    }
}
