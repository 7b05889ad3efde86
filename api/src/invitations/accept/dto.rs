//! What the invitation link's endpoints read and answer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use vigil_core::roles::Role;

#[derive(Serialize, ToSchema)]
pub(crate) struct InvitationOrganization {
    pub(super) id: Uuid,
    pub(super) name: String,
    pub(super) logo_url: Option<String>,
    pub(super) primary_colour: Option<String>,
}

/// What the invitee sees before accepting. It says nothing about whether the address has an
/// account: accepting tells the holder of the link, who has proven they read that mailbox.
#[derive(Serialize, ToSchema)]
pub(crate) struct InvitationPreview {
    pub(super) organization: InvitationOrganization,
    pub(super) inviter_name: Option<String>,
    /// The address the invitation was sent to.
    pub(super) email: String,
    pub(super) role: Role,
    pub(super) expires_at: DateTime<Utc>,
    pub(super) access_expires_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AcceptInvitationRequest {
    pub(super) token: String,
    /// New users only.
    pub(super) first_name: Option<String>,
    /// New users only.
    pub(super) last_name: Option<String>,
    /// New users only; the password policy applies.
    pub(super) password: Option<String>,
}
