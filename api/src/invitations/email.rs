//! The emails both sub-features send: the invitation itself (on creation and on resend) and
//! its wording and branding.

use diesel::pg::PgConnection;
use diesel::result::QueryResult;

use crate::email::{Branding, InvitationDetails, OutgoingEmail, local_time};
use crate::invitations::model::Invitation;
use crate::organizations::model::Organization;
use crate::outbox::{self, Job};
use vigil_core::roles::Role;

/// How a role reads in a sentence: "as an administrator".
pub(super) fn role_text(role: Role) -> &'static str {
    match role {
        Role::Owner => "an owner",
        Role::Admin => "an administrator",
        Role::Member => "a member",
        Role::Viewer => "a viewer",
    }
}

/// The organisation's branding for an email, with an absolute logo URL.
pub(super) fn branding_of(org: &Organization, public_url: &str) -> Branding {
    Branding {
        organization_name: Some(org.name.clone()),
        brand_colour: org.primary_colour.clone(),
        logo_url: crate::organizations::branding::logo_url(org)
            .map(|path| format!("{}{path}", public_url.trim_end_matches('/'))),
    }
}

/// Queues the invitation email (inside the transaction that issued the link's token).
pub(super) fn queue_invitation(
    conn: &mut PgConnection,
    org: &Organization,
    invitation: &Invitation,
    inviter_name: &str,
    link: &str,
    public_url: &str,
) -> QueryResult<()> {
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
    outbox::enqueue(conn, &Job::SendEmail(message))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use crate::email::local_time;

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
