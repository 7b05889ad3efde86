//! What managing invitations fails with, and its one conversion to the HTTP problem; and why
//! one address of a batch is refused (answered in its result, the request still succeeds).

use vigil_core::problem_code::ProblemCode;

use crate::error::AppError;
use crate::invitations::manage::dto::MAX_BATCH;
use crate::organizations::model::FindError;
use crate::ratelimit::RateLimitError;

#[derive(Debug, thiserror::Error)]
pub(crate) enum InvitationError {
    #[error("Send between 1 and {MAX_BATCH} invitations at once.")]
    BatchSize,

    /// A rate limit was exceeded, or its count could not be kept.
    #[error(transparent)]
    RateLimited(#[from] RateLimitError),

    /// No invitation with this id in the caller's organisation.
    #[error("No such invitation in this organisation.")]
    NotFound,

    /// Administrators may not resend or revoke an invitation to become an owner.
    #[error("Only owners can resend or revoke an invitation to become an owner.")]
    OwnersOnly,

    #[error("This invitation was already accepted.")]
    ResendAccepted,

    #[error("This invitation was revoked; invite the person again instead.")]
    ResendRevoked,

    #[error("This invitation was already accepted; remove the member instead.")]
    RevokeAccepted,

    #[error(transparent)]
    Database(#[from] diesel::result::Error),

    /// No connection, or the transaction's task failed.
    #[error(transparent)]
    Pool(#[from] vigil_data::DataError),

    /// The organisation is gone (deleted, or not this tenant's).
    #[error(transparent)]
    Organization(#[from] FindError),
}

impl From<InvitationError> for AppError {
    fn from(error: InvitationError) -> Self {
        let detail = error.to_string();
        let conflict = |code| AppError::Conflict {
            code,
            detail: detail.clone(),
        };
        match error {
            InvitationError::BatchSize => AppError::invalid_field("invitations", detail),
            InvitationError::RateLimited(e) => AppError::from(e),
            InvitationError::NotFound => AppError::NotFound {
                code: ProblemCode::InvitationNotFound,
                detail,
            },
            InvitationError::OwnersOnly => AppError::Forbidden {
                code: ProblemCode::OwnersOnly,
                detail,
            },
            InvitationError::ResendAccepted | InvitationError::RevokeAccepted => {
                conflict(ProblemCode::InvitationAlreadyAccepted)
            }
            InvitationError::ResendRevoked => conflict(ProblemCode::InvitationRevoked),
            InvitationError::Database(e) => AppError::from(e),
            InvitationError::Pool(e) => AppError::from(e),
            InvitationError::Organization(e) => AppError::from(e),
        }
    }
}

/// Why one address of a batch was not invited.
#[derive(Debug, thiserror::Error)]
pub(super) enum Refusal {
    /// Not an email address (the message says why).
    #[error("{0}")]
    InvalidEmail(String),

    #[error("Choose owner, admin, member or viewer.")]
    InvalidRole,

    #[error("Only owners can invite owners.")]
    OwnersOnly,

    #[error("The end of access must be in the future.")]
    InvalidAccessExpiry,

    #[error("This address appears more than once in the request.")]
    DuplicateInRequest,

    /// The organisation's policy allows only these domains.
    #[error("This organisation only invites addresses at {}.", .0.join(", "))]
    DomainNotAllowed(Vec<String>),

    #[error("This person is already a member.")]
    AlreadyMember,

    #[error("This address already has a pending invitation; resend it instead.")]
    AlreadyInvited,

    /// No seat left (the message says how many are in use).
    #[error("{0}")]
    SeatLimitReached(String),
}

impl Refusal {
    /// The problem code the address's result carries.
    pub(super) fn code(&self) -> ProblemCode {
        match self {
            Refusal::InvalidEmail(_) => ProblemCode::InvalidEmail,
            Refusal::InvalidRole => ProblemCode::InvalidRole,
            Refusal::OwnersOnly => ProblemCode::OwnersOnly,
            Refusal::InvalidAccessExpiry => ProblemCode::InvalidAccessExpiry,
            Refusal::DuplicateInRequest => ProblemCode::DuplicateInRequest,
            Refusal::DomainNotAllowed(_) => ProblemCode::DomainNotAllowed,
            Refusal::AlreadyMember => ProblemCode::AlreadyMember,
            Refusal::AlreadyInvited => ProblemCode::AlreadyInvited,
            Refusal::SeatLimitReached(_) => ProblemCode::SeatLimitReached,
        }
    }
}
