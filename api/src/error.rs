//! The one error type of the service. `http::problem` turns it into RFC 9457 problem+json.

use vigil_core::problem_code::ProblemCode;

pub use crate::domain::FieldErrors;
use crate::domain::Invalid;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request body or parameters are malformed (not valid JSON, bad query syntax, ...).
    #[error("{detail}")]
    BadRequest { code: ProblemCode, detail: String },

    /// Well-formed input that breaks a rule; `errors` names each field.
    #[error("{detail}")]
    Validation {
        code: ProblemCode,
        detail: String,
        errors: FieldErrors,
    },

    #[error("{detail}")]
    Unauthorized { code: ProblemCode, detail: String },

    #[error("{detail}")]
    Forbidden { code: ProblemCode, detail: String },

    /// Also used for resources of other organisations: existence never leaks.
    #[error("{detail}")]
    NotFound { code: ProblemCode, detail: String },

    #[error("{detail}")]
    Conflict { code: ProblemCode, detail: String },

    #[error("{detail}")]
    Gone { code: ProblemCode, detail: String },

    #[error("{}", too_large(*.limit))]
    PayloadTooLarge { limit: usize },

    #[error("{detail}")]
    UnsupportedMediaType { detail: String },

    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },

    /// A dependency (database, storage, scanner) is down; the client may retry.
    #[error("{detail}")]
    ServiceUnavailable { code: ProblemCode, detail: String },

    /// Anything else: logged with its chain, answered with a bare 500.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

fn too_large(limit: usize) -> String {
    match limit {
        0 => "The request body is too large.".to_owned(),
        limit if limit >= 1024 * 1024 && limit.is_multiple_of(1024 * 1024) => {
            format!(
                "The request body is too large: the limit is {} MB.",
                limit / (1024 * 1024)
            )
        }
        limit => format!("The request body is too large: the limit is {limit} bytes."),
    }
}

impl AppError {
    /// No database connection could be had in time: 503, worth retrying.
    pub fn database_unavailable() -> Self {
        Self::ServiceUnavailable {
            code: ProblemCode::DatabaseUnavailable,
            detail: "The database is not available right now; please retry shortly.".into(),
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::NotFound {
            code: ProblemCode::NotFound,
            detail: format!("{what} was not found."),
        }
    }

    /// A validation error on one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        Self::invalid_field_as(ProblemCode::ValidationFailed, field, message)
    }

    /// A validation error on one field with its own problem code (e.g. `captcha-expired`).
    pub fn invalid_field_as(code: ProblemCode, field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut errors = FieldErrors::new();
        errors.insert(field.to_owned(), vec![message.clone()]);
        Self::Validation {
            code,
            detail: format!("{field}: {message}"),
            errors,
        }
    }

    /// A validation error on several fields at once.
    pub fn invalid_fields(errors: FieldErrors) -> Self {
        let detail = errors
            .iter()
            .map(|(field, messages)| format!("{field}: {}", messages.join(" ")))
            .collect::<Vec<_>>()
            .join("; ");
        Self::Validation {
            code: ProblemCode::ValidationFailed,
            detail,
            errors,
        }
    }

    pub fn unexpected(context: impl Into<String>) -> Self {
        Self::Unexpected(anyhow::anyhow!(context.into()))
    }
}

impl From<Invalid> for AppError {
    fn from(error: Invalid) -> Self {
        match error {
            Invalid::Fields(errors) => Self::invalid_fields(errors),
            Invalid::Unexplained => Self::Unexpected(error.into()),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => Self::not_found("The resource"),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                tracing::debug!(constraint = ?info.constraint_name(), "unique violation");
                Self::Conflict {
                    code: ProblemCode::Conflict,
                    detail: "The resource already exists.".into(),
                }
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                Self::ServiceUnavailable {
                    code: ProblemCode::Retry,
                    detail: "The request conflicted with another one; please retry.".into(),
                }
            }
            other => Self::Unexpected(anyhow::Error::new(other).context("database query failed")),
        }
    }
}

impl From<vigil_data::DataError> for AppError {
    fn from(error: vigil_data::DataError) -> Self {
        match error {
            vigil_data::DataError::Unavailable(_) => Self::database_unavailable(),
            failed @ vigil_data::DataError::TaskFailed(_) => Self::Unexpected(failed.into()),
        }
    }
}

impl From<crate::crypto::CryptoError> for AppError {
    fn from(error: crate::crypto::CryptoError) -> Self {
        Self::Unexpected(error.into())
    }
}
