//! multipart/form-data uploads: errors as problems, and reading one small field into memory.

use actix_multipart::{Multipart, MultipartError};
use actix_web::web;
use bytes::Bytes;
use futures_util::TryStreamExt;

use crate::error::AppError;
use vigil_core::problem_code::ProblemCode;

/// What went wrong with a multipart body, as a problem.
pub fn error(error: MultipartError) -> AppError {
    match error {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible
        | MultipartError::BoundaryMissing => AppError::UnsupportedMediaType {
            detail: "Send the file as multipart/form-data.".into(),
        },
        MultipartError::Payload(actix_web::error::PayloadError::Overflow) => {
            AppError::PayloadTooLarge { limit: 0 }
        }
        other => AppError::BadRequest {
            code: ProblemCode::MalformedMultipart,
            detail: format!("The upload is not valid multipart/form-data ({other}); retry it."),
        },
    }
}

/// Reads the field called `name` into memory, refusing anything over `limit` bytes.
/// `Ok(None)` when the form has no such field.
pub async fn read_field(
    mut multipart: Multipart,
    name: &str,
    limit: usize,
) -> Result<Option<Bytes>, AppError> {
    while let Some(mut field) = multipart.try_next().await.map_err(error)? {
        if field.name() != Some(name) {
            continue;
        }
        let mut data = web::BytesMut::new();
        while let Some(chunk) = field.try_next().await.map_err(error)? {
            if data.len() + chunk.len() > limit {
                return Err(AppError::PayloadTooLarge { limit });
            }
            data.extend_from_slice(&chunk);
        }
        return Ok(Some(data.freeze()));
    }
    Ok(None)
}
