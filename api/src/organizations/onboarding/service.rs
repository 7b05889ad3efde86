//! The onboarding rules: steps 3–5 are completed by the feature that does their work, inside
//! its own transaction, or skipped here with an audit record.

use diesel::pg::PgConnection;
use diesel::result::QueryResult;

use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::PersonGrant;
use crate::http::client::ClientContext;
use crate::organizations::model;
use crate::organizations::onboarding::dto::OnboardingState;
use crate::organizations::onboarding::error::OnboardingError;
use crate::organizations::onboarding::queries;
use crate::organizations::onboarding::rules::state_of;
use crate::organizations::onboarding::steps::{SkippableStep, StepStatus};
use crate::state::AppState;

/// Marks a step completed (called by the endpoint that does the step's work, in its tenant
/// transaction).
pub fn complete_step(
    conn: &mut PgConnection,
    access: &PersonGrant,
    step: SkippableStep,
) -> QueryResult<()> {
    queries::set_step(conn, access.org_id(), step, StepStatus::Completed).map(|_| ())
}

/// Where the organisation is in its onboarding.
pub(super) async fn get(
    state: &AppState,
    access: &PersonGrant,
) -> Result<OnboardingState, OnboardingError> {
    let org_id = access.org_id();
    let org = state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            Ok::<_, OnboardingError>(model::find(conn, org_id)?)
        })
        .await?;
    Ok(state_of(&org))
}

/// Skips a step; audited only when it changed (a completed step stays completed).
pub(super) async fn skip(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
    step: SkippableStep,
) -> Result<OnboardingState, OnboardingError> {
    let org = state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            if queries::set_step(conn, org_id, step, StepStatus::Skipped)? {
                let event = AuditEvent::new(
                    org_id,
                    Some(access.user_id()),
                    AuditAction::StepSkipped { step },
                )
                .target("organization", org_id);
                audit::record(conn, &event, &client)?;
            }
            Ok::<_, OnboardingError>(model::find(conn, org_id)?)
        })
        .await?;
    Ok(state_of(&org))
}
