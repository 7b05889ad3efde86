//! The dashboard, gathered in one tenant transaction.

use crate::audit::{self, EventFilter};
use crate::audit_log::AuditEventResponse;
use crate::authz::PersonGrant;
use crate::dashboard::dto::{Dashboard, MemberCounts, RoleMfaMethods, SecuritySummary};
use crate::dashboard::error::DashboardError;
use crate::dashboard::queries;
use crate::identity::lockout;
use crate::organizations::members::count_by_role;
use crate::organizations::seats::seat_usage;
use crate::organizations::{model, onboarding, security};
use crate::state::AppState;

/// How many audit events the dashboard shows.
const RECENT_EVENTS: i64 = 10;

pub(super) async fn get(
    state: &AppState,
    access: &PersonGrant,
) -> Result<Dashboard, DashboardError> {
    let org_id = access.org_id();
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let org = model::find(conn, org_id)?;
            let members = MemberCounts::from_roles(&count_by_role(conn, org_id)?);
            let seats = seat_usage(conn, org_id, &org.subscription_tier)?;
            let recent = audit::list(conn, org_id, &EventFilter::default(), RECENT_EVENTS)?;
            let policy = security::policy(conn, org_id)?;
            let mfa_methods = RoleMfaMethods::tally(&queries::mfa_methods_by_role(conn, org_id)?);
            let security = SecuritySummary {
                members_without_mfa: mfa_methods.iter().map(|row| row.none).sum(),
                locked_accounts: queries::locked_account_count(conn, org_id)?,
                locked_members: lockout::locked_members(conn, org_id)?,
                mfa_required: policy.require_mfa,
                passkeys_required: policy.require_passkey,
                mfa_methods,
            };
            let compliance = crate::compliance::summary(conn, org_id)?;
            Ok::<_, DashboardError>(Dashboard {
                organization_id: org.id.into(),
                organization_name: org.name.clone(),
                subscription_tier: org.subscription_tier.clone(),
                members,
                seats,
                onboarding: onboarding::state_of(&org),
                security,
                compliance,
                recent_activity: recent.into_iter().map(AuditEventResponse::from).collect(),
            })
        })
        .await
}
