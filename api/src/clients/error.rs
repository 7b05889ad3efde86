//! What the API client endpoints fail with, and its one conversion to the HTTP problem; and
//! the token endpoint's refusals, which RFC 6749 answers in its own form, not as a problem.

use crate::state::EncryptionUnavailable;
use actix_web::http::StatusCode;
use vigil_core::problem_code::ProblemCode;

use crate::error::AppError;
use crate::ratelimit::RateLimitError;

#[derive(Debug, thiserror::Error)]
pub(crate) enum ClientError {
    #[error("Give the client a name of 1 to 100 characters.")]
    InvalidName,

    #[error("Choose at least one scope.")]
    NoScopes,

    /// No client with this id in the caller's organisation.
    #[error("No such API client in this organisation.")]
    NotFound,

    /// The token request is refused: answered as an RFC 6749 error by the handler.
    #[error("{0}")]
    Refused(OAuthRefusal),

    /// A stored client names a scope this build does not know.
    #[error("API client {client} has the unknown scope {scope:?}")]
    UnknownStoredScope { client: uuid::Uuid, scope: String },

    /// A rate limit was exceeded, or its count could not be kept.
    #[error(transparent)]
    RateLimited(#[from] RateLimitError),

    /// The token-signing keys could not be read or made.
    #[error(transparent)]
    Keys(#[from] crate::access_tokens::keys::KeyError),

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),

    /// No encryption key on this server.
    #[error(transparent)]
    Encryption(#[from] EncryptionUnavailable),
}

impl From<OAuthRefusal> for ClientError {
    fn from(refusal: OAuthRefusal) -> Self {
        Self::Refused(refusal)
    }
}

impl From<ClientError> for AppError {
    fn from(error: ClientError) -> Self {
        let detail = error.to_string();
        match error {
            ClientError::InvalidName => AppError::invalid_field("name", detail),
            ClientError::NoScopes => AppError::invalid_field("scopes", detail),
            ClientError::NotFound => AppError::NotFound {
                code: ProblemCode::ApiClientNotFound,
                detail,
            },
            // The token handler answers refusals itself: reaching here is a bug.
            ClientError::Refused(_) | ClientError::UnknownStoredScope { .. } => {
                AppError::unexpected(detail)
            }
            ClientError::RateLimited(e) => AppError::from(e),
            ClientError::Keys(e) => AppError::from(e),
            ClientError::Database(e) => AppError::from(e),
            ClientError::Pool(e) => AppError::from(e),
            ClientError::Encryption(e) => AppError::from(e),
        }
    }
}

/// Why the token endpoint refuses a request (RFC 6749 §5.2).
#[derive(Debug, thiserror::Error)]
pub(crate) enum OAuthRefusal {
    #[error("Send the request as application/x-www-form-urlencoded.")]
    NotAForm,

    #[error("The form could not be read.")]
    UnreadableForm,

    #[error("Only grant_type=client_credentials is supported.")]
    UnsupportedGrant,

    #[error("Send the credentials either by Basic authentication or in the form, not both.")]
    CredentialsTwice,

    /// Missing, unknown, revoked or wrong credentials, or a deleted organisation: told apart
    /// to no one.
    #[error("Client authentication failed.")]
    InvalidClient,

    /// The requested scope list names an unknown scope (the message says which).
    #[error("{0}")]
    UnknownScope(String),

    #[error("The client may not have all the requested scopes.")]
    ScopeNotAllowed,
}

impl OAuthRefusal {
    pub(super) fn status(&self) -> StatusCode {
        match self {
            OAuthRefusal::InvalidClient => StatusCode::UNAUTHORIZED,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// The RFC 6749 `error` code.
    pub(super) fn code(&self) -> &'static str {
        match self {
            OAuthRefusal::NotAForm
            | OAuthRefusal::UnreadableForm
            | OAuthRefusal::CredentialsTwice => "invalid_request",
            OAuthRefusal::UnsupportedGrant => "unsupported_grant_type",
            OAuthRefusal::InvalidClient => "invalid_client",
            OAuthRefusal::UnknownScope(_) | OAuthRefusal::ScopeNotAllowed => "invalid_scope",
        }
    }
}
