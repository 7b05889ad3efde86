//! What the branding endpoints fail with, and its one conversion to the HTTP problem.

use crate::http::multipart::UploadError;
use vigil_core::problem_code::ProblemCode;

use crate::domain::Invalid;
use crate::error::AppError;
use crate::organizations::model::FindError;
use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum BrandingError {
    #[error("Attach the image as a form field named `file`.")]
    FileMissing,

    #[error("The logo must be a PNG, JPEG or WebP image (checked from its content, not its name).")]
    UnsupportedImageType,

    /// More pixels than may be decoded (decompression bombs).
    #[error("The image is too large in pixels; use at most {max}×{max}.")]
    ImageTooLarge { max: u32 },

    #[error("The image file is damaged or incomplete; export it again and retry.")]
    ImageUnreadable,

    #[error("PNG encoding failed: {0}")]
    PngEncoding(#[source] image::ImageError),

    #[error("logo task failed: {0}")]
    LogoTask(#[source] tokio::task::JoinError),

    /// No logo, or not the current one: old URLs stop working when the logo changes.
    #[error("The logo was not found.")]
    LogoNotFound,

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

    /// The body is not a usable multipart upload.
    #[error(transparent)]
    Upload(#[from] UploadError),
}

/// A refused upload: a 422 on the `file` field with its own problem code.
fn file_problem(code: ProblemCode, detail: String) -> AppError {
    AppError::invalid_field_as(code, "file", detail)
}

impl From<BrandingError> for AppError {
    fn from(error: BrandingError) -> Self {
        let detail = error.to_string();
        match error {
            BrandingError::FileMissing => file_problem(ProblemCode::FileMissing, detail),
            BrandingError::UnsupportedImageType => {
                file_problem(ProblemCode::UnsupportedImageType, detail)
            }
            BrandingError::ImageTooLarge { .. } => file_problem(ProblemCode::ImageTooLarge, detail),
            BrandingError::ImageUnreadable => file_problem(ProblemCode::ImageUnreadable, detail),
            BrandingError::PngEncoding(_) | BrandingError::LogoTask(_) => {
                AppError::unexpected(detail)
            }
            BrandingError::LogoNotFound => AppError::NotFound {
                code: ProblemCode::NotFound,
                detail,
            },
            BrandingError::Storage(e) => AppError::from(e),
            BrandingError::Database(e) => AppError::from(e),
            BrandingError::Pool(e) => AppError::from(e),
            BrandingError::Invalid(e) => AppError::from(e),
            BrandingError::Organization(e) => AppError::from(e),
            BrandingError::Upload(e) => AppError::from(e),
        }
    }
}
