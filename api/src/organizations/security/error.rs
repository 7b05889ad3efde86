//! What changing the security policy fails with, and its one conversion to the HTTP problem.

use vigil_core::problem_code::ProblemCode;

use crate::domain::Invalid;
use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum SecurityPolicyError {
    /// Requiring MFA of everyone while the person saving it has none would lock them out.
    #[error(
        "Turn on two-step verification for your own account before requiring it of everyone, or you would lock yourself out."
    )]
    MfaRequiredForYouFirst,

    /// Likewise for passkeys.
    #[error(
        "Add a passkey to your own account before requiring passkeys, or you would lock yourself out."
    )]
    PasskeyRequiredForYouFirst,

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),

    /// Input that breaks its field rules (each field named in the problem).
    #[error(transparent)]
    Invalid(#[from] Invalid),
}

impl From<SecurityPolicyError> for AppError {
    fn from(error: SecurityPolicyError) -> Self {
        let detail = error.to_string();
        match error {
            SecurityPolicyError::MfaRequiredForYouFirst => AppError::Conflict {
                code: ProblemCode::MfaRequiredForYouFirst,
                detail,
            },
            SecurityPolicyError::PasskeyRequiredForYouFirst => AppError::Conflict {
                code: ProblemCode::PasskeyRequiredForYouFirst,
                detail,
            },
            SecurityPolicyError::Database(e) => AppError::from(e),
            SecurityPolicyError::Pool(e) => AppError::from(e),
            SecurityPolicyError::Invalid(e) => AppError::from(e),
        }
    }
}
