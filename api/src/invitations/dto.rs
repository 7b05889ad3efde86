//! The invitation as every invitation endpoint answers it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::invitations::model::{Invitation, InvitationStatus};
use vigil_core::roles::Role;

#[derive(Serialize, Deserialize, ToSchema, Debug)]
pub(crate) struct InvitationResponse {
    id: Uuid,
    email: String,
    role: Role,
    status: InvitationStatus,
    invited_by: Option<Uuid>,
    expires_at: DateTime<Utc>,
    /// When the membership this invitation grants ends by itself (locums, auditors).
    access_expires_at: Option<DateTime<Utc>>,
    sent_count: i32,
    last_sent_at: DateTime<Utc>,
    accepted_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl InvitationResponse {
    pub(super) fn new(invitation: &Invitation) -> Self {
        Self {
            id: invitation.id,
            email: invitation.email.clone(),
            role: invitation.role(),
            status: invitation.status(Utc::now()),
            invited_by: invitation.invited_by.map(Uuid::from),
            expires_at: invitation.expires_at,
            access_expires_at: invitation.access_expires_at,
            sent_count: invitation.sent_count,
            last_sent_at: invitation.last_sent_at,
            accepted_at: invitation.accepted_at,
            revoked_at: invitation.revoked_at,
            created_at: invitation.created_at,
        }
    }
}
