//! multipart/form-data uploads: what can go wrong with one, and reading one small field into
//! memory.

use actix_multipart::{Multipart, MultipartError};
use actix_web::web;
use bytes::Bytes;
use futures_util::TryStreamExt;

use crate::error::AppError;
use vigil_core::problem_code::ProblemCode;

/// What went wrong with a multipart body.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("Send the file as multipart/form-data.")]
    NotMultipart,

    /// Over `limit` bytes; 0 when the server's body limit, not the field's, was reached.
    #[error("The upload is larger than allowed.")]
    TooLarge { limit: usize },

    #[error("The upload is not valid multipart/form-data ({0}); retry it.")]
    Malformed(String),
}

impl From<MultipartError> for UploadError {
    fn from(error: MultipartError) -> Self {
        match error {
            MultipartError::ContentTypeMissing
            | MultipartError::ContentTypeParse
            | MultipartError::ContentTypeIncompatible
            | MultipartError::BoundaryMissing => UploadError::NotMultipart,
            MultipartError::Payload(actix_web::error::PayloadError::Overflow) => {
                UploadError::TooLarge { limit: 0 }
            }
            other => UploadError::Malformed(other.to_string()),
        }
    }
}

impl From<UploadError> for AppError {
    fn from(error: UploadError) -> Self {
        let detail = error.to_string();
        match error {
            UploadError::NotMultipart => AppError::UnsupportedMediaType { detail },
            UploadError::TooLarge { limit } => AppError::PayloadTooLarge { limit },
            UploadError::Malformed(_) => AppError::BadRequest {
                code: ProblemCode::MalformedMultipart,
                detail,
            },
        }
    }
}

/// Reads the field called `name` into memory, refusing anything over `limit` bytes.
/// `Ok(None)` when the form has no such field.
pub async fn read_field(
    mut multipart: Multipart,
    name: &str,
    limit: usize,
) -> Result<Option<Bytes>, UploadError> {
    while let Some(mut field) = multipart.try_next().await? {
        if field.name() != Some(name) {
            continue;
        }
        let mut data = web::BytesMut::new();
        while let Some(chunk) = field.try_next().await? {
            if data.len() + chunk.len() > limit {
                return Err(UploadError::TooLarge { limit });
            }
            data.extend_from_slice(&chunk);
        }
        return Ok(Some(data.freeze()));
    }
    Ok(None)
}
