//! The administrators' dashboard: the organisation at a glance.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::members::count_by_role;
use super::model;
use super::onboarding::{self, OnboardingState};
use super::roles::Role;
use super::seats::SeatUsage;
use super::seats::seat_usage;
use crate::audit::routes::AuditEventResponse;
use crate::audit::{self, EventFilter};
use crate::authz::PersonGrant;
use crate::error::AppError;
use crate::http::problem::responses;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct MemberCounts {
    pub total: i64,
    pub owners: i64,
    pub admins: i64,
    pub members: i64,
    pub viewers: i64,
}

#[derive(Serialize, ToSchema)]
pub struct SecuritySummary {
    /// Active members who have not turned on two-step verification.
    pub members_without_mfa: i64,
    /// Active members whose sign-in is locked right now (from one IP or everywhere).
    pub locked_accounts: i64,
    /// Who they are, and until when (the locks expire by themselves).
    pub locked_members: Vec<crate::identity::lockout::LockedMember>,
    /// Whether the organisation requires two-step verification.
    pub mfa_required: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Dashboard {
    pub organization_id: Uuid,
    pub organization_name: String,
    pub subscription_tier: String,
    pub members: MemberCounts,
    pub seats: SeatUsage,
    pub onboarding: OnboardingState,
    pub security: SecuritySummary,
    /// Documents and results: what is recorded and what is overdue.
    pub compliance: crate::compliance::ComplianceSummary,
    /// The ten most recent audit events.
    pub recent_activity: Vec<AuditEventResponse>,
}

/// The organisation at a glance (owners and administrators).
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "Dashboard", body = Dashboard),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/dashboard")]
pub(crate) async fn get_dashboard(
    state: web::Data<AppState>,
    access: PersonGrant,
) -> Result<HttpResponse, AppError> {
    let org_id = access.org_id();
    let dashboard = state
        .db
        .tenant(access.tenant(), move |conn| {
            let org = model::find(conn, org_id)?;
            let by_role = count_by_role(conn, org_id)?;
            let count = |role: Role| {
                by_role
                    .iter()
                    .find(|(r, _)| *r == role)
                    .map_or(0, |(_, n)| *n)
            };
            let members = MemberCounts {
                total: by_role.iter().map(|(_, n)| n).sum(),
                owners: count(Role::Owner),
                admins: count(Role::Admin),
                members: count(Role::Member),
                viewers: count(Role::Viewer),
            };
            let seats = seat_usage(conn, org_id, &org.subscription_tier)?;
            let recent = audit::list(conn, org_id, &EventFilter::default(), 10)?;
            let security = security_summary(conn, org_id)?;
            let compliance = crate::compliance::summary(conn, org_id)?;
            Ok(Dashboard {
                organization_id: org.id,
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
        .await?;
    Ok(HttpResponse::Ok().json(dashboard))
}

fn security_summary(
    conn: &mut diesel::pg::PgConnection,
    org_id: crate::ids::OrgId,
) -> Result<SecuritySummary, AppError> {
    use diesel::prelude::*;
    use vigil_data::schema::{login_throttles, memberships, users};
    let active = memberships::table
        .inner_join(users::table)
        .filter(memberships::org_id.eq(org_id.into_uuid()))
        .filter(
            memberships::access_expires_at
                .is_null()
                .or(memberships::access_expires_at.gt(chrono::Utc::now())),
        );
    let members_without_mfa: i64 = active
        .filter(users::mfa_enabled_at.is_null())
        .count()
        .get_result(conn)?;
    let locked_accounts: i64 = active
        .filter(diesel::dsl::exists(
            login_throttles::table
                .filter(login_throttles::user_id.eq(users::id))
                .filter(login_throttles::locked_until.gt(chrono::Utc::now())),
        ))
        .count()
        .get_result(conn)?;
    Ok(SecuritySummary {
        members_without_mfa,
        locked_accounts,
        locked_members: crate::identity::lockout::locked_members(conn, org_id)?,
        mfa_required: crate::organizations::security::policy(conn, org_id)?.require_mfa,
    })
}
