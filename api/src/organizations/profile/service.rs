//! The organisation profile's rules: each call is one tenant transaction with its audit record.

use chrono::{DateTime, Duration, Utc};
use diesel::pg::PgConnection;

use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::PersonGrant;
use crate::http::client::ClientContext;
use crate::ids::OrgId;
use crate::organizations::model::Organization;
use crate::organizations::onboarding::{self, SkippableStep};
use crate::organizations::profile::changes;
use crate::organizations::profile::dto::UpdateOrganizationRequest;
use crate::organizations::profile::error::ProfileError;
use crate::organizations::profile::queries;
use crate::outbox::{self, Job};
use crate::state::AppState;
use vigil_data::models::organizations as rows;

/// The organisation unless deleted.
fn find(conn: &mut PgConnection, org_id: OrgId) -> Result<Organization, ProfileError> {
    rows::find(conn, org_id)?.ok_or(ProfileError::NotFound)
}

pub(super) async fn get(
    state: &AppState,
    access: &PersonGrant,
) -> Result<Organization, ProfileError> {
    let org_id = access.org_id();
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| find(conn, org_id))
        .await
}

/// Applies the checked changes; completes the onboarding step even when nothing changed.
pub(super) async fn update(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
    body: UpdateOrganizationRequest,
) -> Result<Organization, ProfileError> {
    let changes = changes::parse(&body)?;
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let before = find(conn, org_id)?;
            if changes::is_empty(&changes) {
                return Ok(before);
            }
            changes::check_address(&before, &changes)?;
            queries::update(conn, org_id, &changes)?;
            let after = find(conn, org_id)?;
            let changed = changes::diff(&before, &after);
            if !changed.is_empty() {
                let action = AuditAction::OrganizationUpdated { changes: changed };
                audit::record(
                    conn,
                    &AuditEvent::new(org_id, Some(access.user_id()), action)
                        .target("organization", org_id),
                    &client,
                )?;
            }
            onboarding::complete_step(conn, &access, SkippableStep::OrganizationDetails)?;
            Ok(after)
        })
        .await
}

/// Schedules the purge after the grace period; returns when it will happen.
pub(super) async fn delete(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
) -> Result<DateTime<Utc>, ProfileError> {
    let grace = Duration::days(state.config.organizations.deletion_grace_days.max(0));
    let purge_after = Utc::now() + grace;
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            queries::mark_deleted(conn, org_id, access.user_id(), purge_after)?;
            let purge = Job::PurgeOrganization { org_id };
            outbox::enqueue_at(conn, &purge, purge_after)?;
            audit::record(
                conn,
                &AuditEvent::new(
                    org_id,
                    Some(access.user_id()),
                    AuditAction::OrganizationDeleted { purge_after },
                )
                .target("organization", org_id),
                &client,
            )?;
            Ok(purge_after)
        })
        .await
}

pub(super) async fn restore(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
) -> Result<Organization, ProfileError> {
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            if queries::restore(conn, org_id)? {
                audit::record(
                    conn,
                    &AuditEvent::new(
                        org_id,
                        Some(access.user_id()),
                        AuditAction::OrganizationRestored {},
                    )
                    .target("organization", org_id),
                    &client,
                )?;
            }
            find(conn, org_id)
        })
        .await
}
