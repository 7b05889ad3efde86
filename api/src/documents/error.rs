//! What the document endpoints fail with, and its one conversion to the HTTP problem.

use crate::http::multipart::UploadError;
use vigil_core::problem_code::ProblemCode;

use crate::documents::scanner::ScanError;
use crate::error::AppError;
use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// Unknown here, or another organisation's: existence never leaks.
    #[error("No such document in this organisation.")]
    NotFound,

    /// A member (or API client) deleting what someone else uploaded.
    #[error(
        "You can delete only documents you uploaded. Ask an owner or administrator to delete this one."
    )]
    NotYourDocument,

    #[error("Attach the file as a form field named `file`.")]
    FileMissing,

    #[error("The file is empty.")]
    EmptyFile,

    #[error(
        "The malware scanner found a threat in this file, so it was not stored. Check the file with your IT support."
    )]
    MalwareDetected,

    #[error(
        "Upload a PDF, Word (.docx), Excel (.xlsx), CSV, text, PNG or JPEG file. The type is checked from the content, not the name."
    )]
    UnsupportedType,

    /// The upload grew past the configured limit (bytes).
    #[error("the upload is larger than {limit} bytes")]
    TooLarge { limit: u64 },

    /// clamd could not be reached or answered nonsense: nothing is stored unscanned.
    #[error(transparent)]
    ScannerUnavailable(#[from] ScanError),

    /// The staging file could not be written.
    #[error("staging an upload")]
    Staging(#[source] std::io::Error),

    #[error("type detection failed: {0}")]
    TypeDetection(#[source] tokio::task::JoinError),

    /// A row whose storage key points outside the organisation's documents folder.
    #[error("a document's storage key is outside its folder")]
    KeyOutsideFolder,

    #[error(transparent)]
    Storage(#[from] StorageError),

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),

    /// The body is not a usable multipart upload.
    #[error(transparent)]
    Upload(#[from] UploadError),
}

impl From<DocumentError> for AppError {
    fn from(error: DocumentError) -> Self {
        let detail = error.to_string();
        match error {
            DocumentError::NotFound => AppError::NotFound {
                code: ProblemCode::DocumentNotFound,
                detail,
            },
            DocumentError::NotYourDocument => AppError::Forbidden {
                code: ProblemCode::NotYourDocument,
                detail,
            },
            DocumentError::FileMissing => {
                AppError::invalid_field_as(ProblemCode::FileMissing, "file", detail)
            }
            DocumentError::EmptyFile => {
                AppError::invalid_field_as(ProblemCode::EmptyFile, "file", detail)
            }
            DocumentError::MalwareDetected => {
                AppError::invalid_field_as(ProblemCode::MalwareDetected, "file", detail)
            }
            DocumentError::UnsupportedType => {
                AppError::invalid_field_as(ProblemCode::UnsupportedDocumentType, "file", detail)
            }
            DocumentError::TooLarge { limit } => AppError::PayloadTooLarge {
                limit: usize::try_from(limit).unwrap_or(usize::MAX),
            },
            DocumentError::ScannerUnavailable(e) => {
                tracing::error!(error = %e, "malware scanner unavailable");
                AppError::ServiceUnavailable {
                    code: ProblemCode::ScannerUnavailable,
                    detail: "Uploads cannot be checked for malware right now, so nothing was stored. Please retry shortly.".into(),
                }
            }
            DocumentError::Staging(e) => {
                AppError::Unexpected(anyhow::Error::new(e).context("staging an upload"))
            }
            DocumentError::TypeDetection(_) | DocumentError::KeyOutsideFolder => {
                AppError::unexpected(detail)
            }
            DocumentError::Storage(e) => AppError::from(e),
            DocumentError::Database(e) => AppError::from(e),
            DocumentError::Pool(e) => AppError::from(e),
            DocumentError::Upload(e) => AppError::from(e),
        }
    }
}
