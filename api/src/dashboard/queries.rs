//! The dashboard's own counts (the rest comes from the features it summarises).

use chrono::Utc;
use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::ids::OrgId;
use vigil_core::roles::Role;
use vigil_data::models::memberships::access_not_ended;
use vigil_data::schema::{login_throttles, memberships, users};

/// Active members whose sign-in is locked now.
pub(super) fn locked_account_count(conn: &mut PgConnection, org_id: OrgId) -> QueryResult<i64> {
    memberships::table
        .inner_join(users::table)
        .filter(memberships::org_id.eq(org_id))
        .filter(access_not_ended(Utc::now()))
        .filter(diesel::dsl::exists(
            login_throttles::table
                .filter(login_throttles::user_id.eq(users::id))
                .filter(login_throttles::locked_until.gt(Utc::now())),
        ))
        .count()
        .get_result(conn)
}

/// Active members by role and by the strongest second factor they have: (role, passkey,
/// TOTP only, none).
pub(super) fn mfa_methods_by_role(
    conn: &mut PgConnection,
    org_id: OrgId,
) -> QueryResult<Vec<(Role, bool, bool)>> {
    memberships::table
        .inner_join(users::table)
        .filter(memberships::org_id.eq(org_id))
        .filter(access_not_ended(Utc::now()))
        .select((
            memberships::role,
            users::passkey_count.gt(0),
            users::mfa_enabled_at.is_not_null(),
        ))
        .load(conn)
}
