//! What the compliance-result endpoints fail with, and its one conversion to the HTTP problem.

use vigil_core::problem_code::ProblemCode;

use crate::domain::Invalid;
use crate::error::AppError;
use crate::organizations::model::FindError;
use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum ComplianceError {
    /// Unknown here, or another organisation's: existence never leaks.
    #[error("No such compliance result in this organisation.")]
    NotFound,

    /// The result's document is not in this organisation (the documents endpoints' 404).
    #[error("No such document in this organisation.")]
    DocumentNotFound,

    /// The reviewer is not a current member of the organisation.
    #[error("Choose a member of this organisation as the reviewer.")]
    ReviewerNotMember,

    /// Rows and documents are read in one transaction and results go with their document:
    /// this is an inconsistent database, never shown as an empty name.
    #[error("compliance result {result_id} has no document {document_id}")]
    ResultWithoutDocument {
        result_id: uuid::Uuid,
        document_id: uuid::Uuid,
    },

    /// The raw result could not be written as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),

    #[error(transparent)]
    Storage(#[from] StorageError),

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),

    /// Input that breaks its field rules (each field named in the problem).
    #[error(transparent)]
    Invalid(#[from] Invalid),

    /// The organisation is gone (deleted, or not this tenant's).
    #[error(transparent)]
    Organization(#[from] FindError),
}

impl From<ComplianceError> for AppError {
    fn from(error: ComplianceError) -> Self {
        let detail = error.to_string();
        match error {
            ComplianceError::NotFound => AppError::NotFound {
                code: ProblemCode::ComplianceResultNotFound,
                detail,
            },
            ComplianceError::DocumentNotFound => AppError::NotFound {
                code: ProblemCode::DocumentNotFound,
                detail,
            },
            ComplianceError::ReviewerNotMember => AppError::invalid_field("reviewer_id", detail),
            ComplianceError::ResultWithoutDocument { .. } => AppError::unexpected(detail),
            ComplianceError::Json(e) => AppError::Unexpected(e.into()),
            ComplianceError::Storage(e) => AppError::from(e),
            ComplianceError::Database(e) => AppError::from(e),
            ComplianceError::Pool(e) => AppError::from(e),
            ComplianceError::Invalid(e) => AppError::from(e),
            ComplianceError::Organization(e) => AppError::from(e),
        }
    }
}
