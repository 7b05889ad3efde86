//! Why a CAPTCHA was not accepted, and its one conversion to the HTTP problem (always about
//! the request's `captcha` field, except when the provider cannot be asked).

use vigil_core::problem_code::ProblemCode;

use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum CaptchaError {
    #[error("Complete the CAPTCHA to continue.")]
    Required,

    #[error("The CAPTCHA check failed. Please complete it again.")]
    Invalid,

    #[error("The CAPTCHA expired. Please complete it again.")]
    Expired,

    #[error("This CAPTCHA solution was already used. Please complete it again.")]
    Replayed,

    /// The third-party provider did not answer (or answered an HTTP error).
    #[error("The CAPTCHA service cannot be reached right now; please retry shortly.")]
    ProviderUnreachable(#[source] reqwest::Error),

    #[error("The CAPTCHA service gave an unreadable answer; please retry shortly.")]
    ProviderUnreadable(#[source] reqwest::Error),

    /// An ALTCHA challenge could not be made (the library's message).
    #[error("altcha challenge: {0}")]
    Challenge(String),

    #[error("altcha challenge: {0}")]
    ChallengeJson(#[from] serde_json::Error),

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),
}

impl From<CaptchaError> for AppError {
    fn from(error: CaptchaError) -> Self {
        let message = error.to_string();
        let field = |code| AppError::invalid_field_as(code, "captcha", message.clone());
        match error {
            CaptchaError::Required => field(ProblemCode::CaptchaRequired),
            CaptchaError::Invalid => field(ProblemCode::CaptchaInvalid),
            CaptchaError::Expired => field(ProblemCode::CaptchaExpired),
            CaptchaError::Replayed => field(ProblemCode::CaptchaReplayed),
            CaptchaError::ProviderUnreachable(_) | CaptchaError::ProviderUnreadable(_) => {
                AppError::ServiceUnavailable {
                    code: ProblemCode::CaptchaUnavailable,
                    detail: message,
                }
            }
            e @ (CaptchaError::Challenge(_) | CaptchaError::ChallengeJson(_)) => {
                AppError::Unexpected(e.into())
            }
            CaptchaError::Database(e) => AppError::from(e),
            CaptchaError::Pool(e) => AppError::from(e),
        }
    }
}
