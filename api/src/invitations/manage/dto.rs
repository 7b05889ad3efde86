//! What the invitation management endpoints read and answer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::invitations::dto::InvitationResponse;
use crate::invitations::model::InvitationStatus;
use vigil_core::problem_code::ProblemCode;

/// Most invitations in one request.
pub(super) const MAX_BATCH: usize = 50;

#[derive(Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewInvitation {
    #[schema(example = "sam.locum@example.org")]
    pub(super) email: String,
    /// owner, admin, member or viewer (administrators cannot invite owners)
    #[schema(example = "member")]
    pub(super) role: String,
    /// Optional end of access: the membership then expires by itself (locums, auditors).
    pub(super) access_expires_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CreateInvitationsRequest {
    /// 1 to 50 invitations.
    pub(super) invitations: Vec<NewInvitation>,
}

#[derive(Serialize, ToSchema, Debug)]
#[serde(rename_all = "snake_case")]
pub(crate) enum InvitationOutcome {
    Invited,
    Failed,
}

#[derive(Serialize, ToSchema, Debug)]
pub(crate) struct InvitationResult {
    pub(super) email: String,
    pub(super) outcome: InvitationOutcome,
    /// The invitation, when it was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) invitation: Option<InvitationResponse>,
    /// Why it failed: invalid-email, invalid-role, owners-only, invalid-access-expiry,
    /// duplicate-in-request, domain-not-allowed, already-member, already-invited,
    /// seat-limit-reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) code: Option<ProblemCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) message: Option<String>,
}

#[derive(Serialize, ToSchema, Debug)]
pub(crate) struct CreateInvitationsResponse {
    pub(super) invited: usize,
    pub(super) failed: usize,
    /// One entry per requested address, in request order.
    pub(super) results: Vec<InvitationResult>,
}

#[derive(Deserialize, IntoParams, Debug)]
#[into_params(parameter_in = Query)]
pub(crate) struct InvitationQuery {
    /// pending, expired, accepted or revoked
    pub(super) status: Option<InvitationStatus>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct InvitationList {
    /// Newest first.
    pub(super) items: Vec<InvitationResponse>,
    pub(super) total: i64,
    pub(super) limit: i64,
    pub(super) offset: i64,
}
