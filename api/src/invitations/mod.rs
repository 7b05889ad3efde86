//! Invitations by email: 24-hour single-use links (stored hashed), resend, revoke, a public
//! preview and acceptance by new and existing users, and time-limited access.

pub mod accept;
pub mod manage;
pub mod model;

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use self::model::{Invitation, InvitationStatus, role_text};
use crate::email::{Branding, InvitationDetails, OutgoingEmail, local_time};
use crate::error::AppError;
use crate::jobs::{self, Job};
use crate::organizations::model::Organization;
use crate::organizations::roles::Role;

/// Its routes under `/api/v1/organizations/{org_id}`, mounted by `routes::all`.
pub fn org_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(manage::create_invitations)
        .service(manage::list_invitations)
        .service(manage::resend_invitation)
        .service(manage::revoke_invitation);
}

#[derive(Serialize, Deserialize, ToSchema, Debug)]
pub struct InvitationResponse {
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub status: InvitationStatus,
    pub invited_by: Option<Uuid>,
    pub expires_at: DateTime<Utc>,
    /// When the membership this invitation grants ends by itself (locums, auditors).
    pub access_expires_at: Option<DateTime<Utc>>,
    pub sent_count: i32,
    pub last_sent_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl InvitationResponse {
    pub fn new(invitation: &Invitation) -> Self {
        Self {
            id: invitation.id,
            email: invitation.email.clone(),
            role: invitation.role(),
            status: invitation.status(Utc::now()),
            invited_by: invitation.invited_by,
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

/// The organisation's branding for an email, with an absolute logo URL.
pub fn branding_of(org: &Organization, public_url: &str) -> Branding {
    Branding {
        organization_name: Some(org.name.clone()),
        brand_colour: org.primary_colour.clone(),
        logo_url: crate::organizations::branding::logo_url(org)
            .map(|path| format!("{}{path}", public_url.trim_end_matches('/'))),
    }
}

/// Queues the invitation email (inside the transaction that issued `token`).
pub fn queue_email(
    conn: &mut PgConnection,
    org: &Organization,
    invitation: &Invitation,
    inviter_name: &str,
    link: &str,
    public_url: &str,
) -> Result<(), AppError> {
    let expires_at = local_time(invitation.expires_at, org.time_zone);
    let access_until = invitation
        .access_expires_at
        .map(|at| local_time(at, org.time_zone));
    let message = OutgoingEmail::invitation(
        &invitation.email,
        &branding_of(org, public_url),
        &InvitationDetails {
            inviter_name,
            role_text: role_text(invitation.role()),
            expires_at: &expires_at,
            access_until: access_until.as_deref(),
        },
        link,
    );
    jobs::enqueue(conn, &Job::SendEmail(message))?;
    Ok(())
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(accept::preview_invitation)
        .service(accept::accept_invitation);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_the_organisations_zone() {
        let at: DateTime<Utc> = "2026-11-25T04:00:00Z".parse().unwrap();
        let zone = |name: &str| crate::domain::TimeZone::parse(name).unwrap();
        assert_eq!(
            local_time(at, zone("Australia/Sydney")),
            "Wed 25 Nov 2026, 3:00 PM AEDT"
        );
        assert_eq!(
            local_time(at, zone("Australia/Perth")),
            "Wed 25 Nov 2026, 12:00 PM AWST"
        );
    }
}
