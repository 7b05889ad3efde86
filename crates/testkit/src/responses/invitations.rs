//! Invitations: creating them, the inviter's view and the invitee's preview.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;
use vigil_core::invitations::InvitationStatus;
use vigil_core::problem_code::ProblemCode;
use vigil_core::roles::Role;

/// `InvitationResponse`: the inviter's view (never the link).
#[derive(Deserialize, Debug, Clone)]
pub struct Invitation {
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub status: InvitationStatus,
    pub invited_by: Option<Uuid>,
    pub expires_at: DateTime<Utc>,
    pub access_expires_at: Option<DateTime<Utc>>,
    pub sent_count: i32,
    pub last_sent_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// `CreateInvitationsResponse`: one result per address asked for, in order.
#[derive(Deserialize, Debug, Clone)]
pub struct InvitationsCreated {
    pub invited: i64,
    pub failed: i64,
    pub results: Vec<InvitationResult>,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum InvitationOutcome {
    Invited,
    Failed,
}

/// `InvitationResult`.
#[derive(Deserialize, Debug, Clone)]
pub struct InvitationResult {
    pub email: String,
    pub outcome: InvitationOutcome,
    /// Why it failed.
    pub code: Option<ProblemCode>,
    pub message: Option<String>,
    /// The invitation, when it was created.
    pub invitation: Option<Invitation>,
}

impl InvitationResult {
    /// The invitation of a result the test expects to have succeeded.
    pub fn invitation(&self) -> &Invitation {
        self.invitation
            .as_ref()
            .unwrap_or_else(|| panic!("no invitation in {self:?}"))
    }

    /// The message of a result the test expects to have failed.
    pub fn message(&self) -> &str {
        self.message
            .as_deref()
            .unwrap_or_else(|| panic!("no message in {self:?}"))
    }
}

/// `InvitationPreview`: what the holder of the link sees before accepting.
#[derive(Deserialize, Debug, Clone)]
pub struct InvitationPreview {
    pub organization: InvitationOrganization,
    pub inviter_name: Option<String>,
    pub email: String,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
    pub access_expires_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize, Debug, Clone)]
pub struct InvitationOrganization {
    pub id: Uuid,
    pub name: String,
    pub logo_url: Option<String>,
    pub primary_colour: Option<String>,
}
