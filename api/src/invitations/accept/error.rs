//! What using an invitation link fails with, and its one conversion to the HTTP problem.

use vigil_core::problem_code::ProblemCode;

use crate::domain::Invalid;
use crate::error::AppError;
use crate::organizations::model::FindError;
use crate::ratelimit::RateLimitError;

#[derive(Debug, thiserror::Error)]
pub(crate) enum AcceptError {
    /// Unknown token, or its organisation is gone.
    #[error(
        "This invitation link is not valid. Check that you copied all of it, or ask for a new invitation."
    )]
    InvalidLink,

    #[error("This invitation has expired. Ask the person who invited you to send it again.")]
    Expired,

    #[error(
        "This invitation was withdrawn by the organisation. Contact them if you think this is a mistake."
    )]
    Revoked,

    #[error("This invitation was already accepted. Sign in to open the organisation.")]
    Used,

    /// The address has an account: its owner must be signed in to accept.
    #[error("{0} already has a Vigil account: sign in as {0} and open the link again to accept.")]
    SignInRequired(String),

    #[error(
        "You are signed in as {signed_in}, but this invitation is for {invited}. Sign out, then open the link again and sign in as {invited}."
    )]
    WrongAccount { signed_in: String, invited: String },

    /// Another request created the account between the lookup and the insert.
    #[error("An account for this address was just created. Sign in to accept the invitation.")]
    AccountJustCreated,

    #[error("You are already a member of this organisation.")]
    AlreadyMember,

    /// The invitation went away between the lookup and the lock.
    #[error("No such invitation in this organisation.")]
    InvitationGone,

    /// A rate limit was exceeded, or its count could not be kept.
    #[error(transparent)]
    RateLimited(#[from] RateLimitError),

    #[error("stored invitation email is invalid")]
    StoredEmailInvalid,

    #[error("accepting user vanished")]
    AcceptorVanished,

    /// The password could not be hashed or checked.
    #[error(transparent)]
    Hash(#[from] crate::identity::password::HashError),

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

impl From<AcceptError> for AppError {
    fn from(error: AcceptError) -> Self {
        let detail = error.to_string();
        let gone = |code| AppError::Gone {
            code,
            detail: detail.clone(),
        };
        let conflict = |code| AppError::Conflict {
            code,
            detail: detail.clone(),
        };
        let not_found = |code| AppError::NotFound {
            code,
            detail: detail.clone(),
        };
        match error {
            AcceptError::InvalidLink | AcceptError::InvitationGone => {
                not_found(ProblemCode::InvitationNotFound)
            }
            AcceptError::Expired => gone(ProblemCode::InvitationExpired),
            AcceptError::Revoked => gone(ProblemCode::InvitationRevoked),
            AcceptError::Used => gone(ProblemCode::InvitationUsed),
            AcceptError::SignInRequired(_) => AppError::Unauthorized {
                code: ProblemCode::SignInRequired,
                detail,
            },
            AcceptError::WrongAccount { .. } => AppError::Forbidden {
                code: ProblemCode::WrongAccount,
                detail,
            },
            AcceptError::AccountJustCreated => conflict(ProblemCode::AccountExists),
            AcceptError::AlreadyMember => conflict(ProblemCode::AlreadyMember),
            AcceptError::RateLimited(e) => AppError::from(e),
            AcceptError::StoredEmailInvalid | AcceptError::AcceptorVanished => {
                AppError::unexpected(detail)
            }
            AcceptError::Hash(e) => AppError::from(e),
            AcceptError::Database(e) => AppError::from(e),
            AcceptError::Pool(e) => AppError::from(e),
            AcceptError::Invalid(e) => AppError::from(e),
            AcceptError::Organization(e) => AppError::from(e),
        }
    }
}
