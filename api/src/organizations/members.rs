//! Memberships: who belongs to an organisation, with which role.

use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::roles::Role;
use crate::db::schema::memberships;
use crate::error::AppError;
use crate::ids::{OrgId, UserId};

/// The role of a user in an organisation, if they are a member (tenant transaction).
pub fn active_role(
    conn: &mut PgConnection,
    org_id: OrgId,
    user_id: UserId,
) -> Result<Option<Role>, AppError> {
    let role: Option<String> = memberships::table
        .find((org_id.into_uuid(), user_id.into_uuid()))
        .select(memberships::role)
        .first(conn)
        .optional()?;
    Ok(role.as_deref().and_then(Role::parse))
}

pub fn add(
    conn: &mut PgConnection,
    org_id: OrgId,
    user_id: UserId,
    role: Role,
) -> Result<(), AppError> {
    diesel::insert_into(memberships::table)
        .values((
            memberships::org_id.eq(org_id.into_uuid()),
            memberships::user_id.eq(user_id.into_uuid()),
            memberships::role.eq(role.as_str()),
        ))
        .execute(conn)?;
    Ok(())
}
