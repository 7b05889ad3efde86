//! The invitation link's own statements. The shared lookups (`lock`, users, sessions) are in
//! their modules.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use uuid::Uuid;

use crate::identity::users::NewUser;
use crate::ids::{OrgId, UserId};
use crate::invitations::model::Invitation;
use crate::organizations::model::Organization;
use vigil_core::roles::Role;
use vigil_data::schema::{invitations, memberships, sessions, users};

/// The invitation whose token hashes to `token_hash` (inside `Db::invitation_holder`).
pub(super) fn by_token_hash(
    conn: &mut PgConnection,
    token_hash: &[u8],
) -> QueryResult<Option<Invitation>> {
    invitations::table
        .filter(invitations::token_hash.eq(token_hash))
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}

/// The invitation's organisation, unless deleted.
pub(super) fn live_organization(
    conn: &mut PgConnection,
    org_id: OrgId,
) -> QueryResult<Option<Organization>> {
    vigil_data::models::organizations::find(conn, org_id)
}

/// A person's display name ("First Last"), if the account still exists.
pub(super) fn display_name(
    conn: &mut PgConnection,
    user_id: UserId,
) -> QueryResult<Option<String>> {
    Ok(users::table
        .find(user_id)
        .select((users::first_name, users::last_name))
        .first::<(String, String)>(conn)
        .optional()?
        .map(|(first, last)| format!("{first} {last}")))
}

/// Inserts the account unless the address is taken; answers whether it was inserted.
pub(super) fn insert_user(conn: &mut PgConnection, user: &NewUser<'_>) -> QueryResult<bool> {
    let inserted = diesel::insert_into(users::table)
        .values(user)
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(inserted == 1)
}

/// Adds the membership unless the person is already a member; answers whether it was added.
pub(super) fn add_membership(
    conn: &mut PgConnection,
    org_id: OrgId,
    user_id: UserId,
    role: Role,
    access_expires_at: Option<DateTime<Utc>>,
) -> QueryResult<bool> {
    let added = diesel::insert_into(memberships::table)
        .values((
            memberships::org_id.eq(org_id),
            memberships::user_id.eq(user_id),
            memberships::role.eq(role.as_str()),
            memberships::access_expires_at.eq(access_expires_at),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(added == 1)
}

pub(super) fn mark_accepted(
    conn: &mut PgConnection,
    org_id: OrgId,
    id: Uuid,
    by: UserId,
) -> QueryResult<()> {
    diesel::update(invitations::table.find((org_id, id)))
        .set((
            invitations::accepted_at.eq(Utc::now()),
            invitations::accepted_by.eq(by),
        ))
        .execute(conn)?;
    Ok(())
}

/// Makes the organisation the session's current one.
pub(super) fn switch_session(
    conn: &mut PgConnection,
    session_id: Uuid,
    org_id: OrgId,
) -> QueryResult<()> {
    diesel::update(sessions::table.find(session_id))
        .set(sessions::current_organization_id.eq(org_id))
        .execute(conn)?;
    Ok(())
}
