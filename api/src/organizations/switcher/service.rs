//! The switcher's rules: a person sees and opens only organisations they belong to.

use uuid::Uuid;

use crate::identity::users::{self, MembershipSummary};
use crate::ids::{OrgId, UserId};
use crate::organizations::switcher::error::SwitchError;
use crate::organizations::switcher::queries;
use crate::state::AppState;
use vigil_data::models::access::MemberAccess;

/// The person's organisations, oldest membership first.
pub(super) async fn memberships(
    state: &AppState,
    user_id: UserId,
) -> Result<Vec<MembershipSummary>, SwitchError> {
    state
        .db
        .data()
        .user(user_id, move |conn| {
            Ok::<_, SwitchError>(users::memberships_of(conn, user_id)?)
        })
        .await
}

/// Makes `wanted` the session's current organisation; answers the person's memberships.
pub(super) async fn switch(
    state: &AppState,
    user_id: UserId,
    session_id: Uuid,
    wanted: OrgId,
) -> Result<Vec<MemberAccess>, SwitchError> {
    state
        .db
        .data()
        .global(move |conn| {
            let access = users::member_access(conn, user_id)?;
            let usable = users::usable_memberships(&access);
            if !usable.iter().any(|m| m.organization_id == wanted) {
                return Err(SwitchError::NotAMember);
            }
            queries::set_current_organization(conn, session_id, wanted)?;
            Ok(access)
        })
        .await
}
