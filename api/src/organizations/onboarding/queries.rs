//! The onboarding statement: a step's state on the organisation row (tenant transaction).

use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::ids::OrgId;
use crate::organizations::onboarding::steps::{SkippableStep, StepStatus};
use vigil_data::schema::organizations;

/// Records a step's outcome unless the step is already completed ("completed" always wins
/// over "skipped"); whether anything changed.
pub(super) fn set_step(
    conn: &mut PgConnection,
    org_id: OrgId,
    step: SkippableStep,
    status: StepStatus,
) -> QueryResult<bool> {
    let target = organizations::table
        .filter(organizations::id.eq(org_id))
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
