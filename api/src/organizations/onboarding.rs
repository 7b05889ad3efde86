//! The five onboarding steps: 1 account, 2 email verified, 3 organisation details,
//! 4 branding, 5 invite the team. Steps 3–5 are completed by their own endpoints or skipped.

use actix_web::{HttpResponse, get, post, web};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::model;
pub use super::steps::{OnboardingStep, SkippableStep, StepStatus};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::PersonGrant;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::problem::responses;
use crate::ids::OrgId;
use crate::state::AppState;
use vigil_data::schema::organizations;

#[derive(Serialize, ToSchema, Debug)]
pub struct OnboardingStepState {
    /// 1 to 5.
    pub number: u8,
    pub step: OnboardingStep,
    pub status: StepStatus,
}

#[derive(Serialize, ToSchema, Debug)]
pub struct OnboardingState {
    pub steps: Vec<OnboardingStepState>,
    /// The first step still pending; absent when onboarding is done.
    pub current_step: Option<OnboardingStep>,
    pub completed: bool,
}

impl SkippableStep {
    fn status(self, org: &model::Organization) -> StepStatus {
        match self {
            SkippableStep::OrganizationDetails => org.onboarding_details,
            SkippableStep::Branding => org.onboarding_branding,
            SkippableStep::InviteTeam => org.onboarding_team,
        }
    }
}

pub fn state_of(org: &model::Organization) -> OnboardingState {
    let mut steps = vec![
        // Nobody reaches an organisation without an account and a verified email.
        OnboardingStepState {
            number: 1,
            step: OnboardingStep::Account,
            status: StepStatus::Completed,
        },
        OnboardingStepState {
            number: 2,
            step: OnboardingStep::VerifyEmail,
            status: StepStatus::Completed,
        },
    ];
    for (number, step, skippable) in [
        (
            3,
            OnboardingStep::OrganizationDetails,
            SkippableStep::OrganizationDetails,
        ),
        (4, OnboardingStep::Branding, SkippableStep::Branding),
        (5, OnboardingStep::InviteTeam, SkippableStep::InviteTeam),
    ] {
        steps.push(OnboardingStepState {
            number,
            step,
            status: skippable.status(org),
        });
    }
    let current_step = steps
        .iter()
        .find(|s| s.status == StepStatus::Pending)
        .map(|s| s.step);
    OnboardingState {
        completed: current_step.is_none(),
        current_step,
        steps,
    }
}

/// Records a step's outcome. "completed" always wins over "skipped".
fn set_step(
    conn: &mut PgConnection,
    org_id: OrgId,
    step: SkippableStep,
    status: StepStatus,
) -> Result<bool, AppError> {
    let target = organizations::table
        .filter(organizations::id.eq(org_id.into_uuid()))
        .filter(organizations::deleted_at.is_null());
    let changed = match step {
        SkippableStep::OrganizationDetails => diesel::update(
            target.filter(organizations::onboarding_details.ne(StepStatus::Completed)),
        )
        .set(organizations::onboarding_details.eq(status))
        .execute(conn)?,
        SkippableStep::Branding => diesel::update(
            target.filter(organizations::onboarding_branding.ne(StepStatus::Completed)),
        )
        .set(organizations::onboarding_branding.eq(status))
        .execute(conn)?,
        SkippableStep::InviteTeam => {
            diesel::update(target.filter(organizations::onboarding_team.ne(StepStatus::Completed)))
                .set(organizations::onboarding_team.eq(status))
                .execute(conn)?
        }
    };
    Ok(changed > 0)
}

/// Marks a step completed (called by the endpoint that does the step's work).
pub fn complete_step(
    conn: &mut PgConnection,
    access: &PersonGrant,
    step: SkippableStep,
) -> Result<(), AppError> {
    set_step(conn, access.org_id(), step, StepStatus::Completed).map(|_| ())
}

/// Where the organisation is in its onboarding.
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "Onboarding state", body = OnboardingState),
        (status = 401, response = responses::Unauthorized),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/onboarding")]
pub(crate) async fn get_onboarding(
    state: web::Data<AppState>,
    access: PersonGrant,
) -> Result<HttpResponse, AppError> {
    let org_id = access.org_id();
    let org = state
        .db
        .tenant(access.tenant(), move |conn| model::find(conn, org_id))
        .await?;
    Ok(HttpResponse::Ok().json(state_of(&org)))
}

/// Skips onboarding step 3, 4 or 5 (owners and admins). A completed step stays completed.
#[utoipa::path(
    tag = "organizations",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("step" = SkippableStep, Path, description = "organization_details, branding or invite_team"),
    ),
    responses(
        (status = 200, description = "Onboarding state after skipping", body = OnboardingState),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[post("/onboarding/steps/{step}/skip")]
pub(crate) async fn skip_onboarding_step(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    path: web::Path<(Uuid, SkippableStep)>,
) -> Result<HttpResponse, AppError> {
    let (_, step) = path.into_inner();
    let org = state
        .db
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            if set_step(conn, org_id, step, StepStatus::Skipped)? {
                let event = AuditEvent::new(
                    org_id,
                    Some(access.user_id()),
                    AuditAction::StepSkipped { step },
                )
                .target("organization", org_id);
                audit::record(conn, &event, &client)?;
            }
            model::find(conn, org_id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(state_of(&org)))
}
