//! The switcher's one write: the organisation a session opens.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::ids::OrgId;

use vigil_data::schema::sessions;

/// Sets the session's current organisation. Inside the person's own transaction.
pub(super) fn set_current_organization(
    conn: &mut PgConnection,
    session_id: Uuid,
    org_id: OrgId,
) -> QueryResult<()> {
    diesel::update(sessions::table.find(session_id))
        .set(sessions::current_organization_id.eq(org_id))
        .execute(conn)?;
    Ok(())
}
