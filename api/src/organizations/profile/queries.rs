//! The organisation profile's statements (tenant transaction: row-level security limits them
//! to the caller's organisation).

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use uuid::Uuid;

use crate::ids::{OrgId, UserId};
use vigil_data::schema::organizations;

/// The columns a profile change sets; `None` leaves a column as it is.
#[derive(AsChangeset, Default, Debug)]
#[diesel(table_name = organizations)]
pub(super) struct OrganizationChanges {
    pub(super) name: Option<String>,
    pub(super) abn: Option<Option<String>>,
    pub(super) address_line1: Option<Option<String>>,
    pub(super) address_line2: Option<Option<String>>,
    pub(super) suburb: Option<Option<String>>,
    pub(super) state: Option<Option<String>>,
    pub(super) postcode: Option<Option<String>>,
    pub(super) country: Option<String>,
    pub(super) contact_email: Option<Option<String>>,
    pub(super) contact_phone: Option<Option<String>>,
    pub(super) time_zone: Option<String>,
    pub(super) invitation_ttl_hours: Option<Option<i32>>,
}

pub(super) fn update(
    conn: &mut PgConnection,
    org_id: OrgId,
    changes: &OrganizationChanges,
) -> QueryResult<()> {
    diesel::update(organizations::table.find(org_id))
        .set((changes, organizations::updated_at.eq(Utc::now())))
        .execute(conn)?;
    Ok(())
}

/// Marks the organisation deleted (once: a second delete changes nothing).
pub(super) fn mark_deleted(
    conn: &mut PgConnection,
    org_id: OrgId,
    by: UserId,
    purge_after: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(organizations::table.find(org_id))
        .filter(organizations::deleted_at.is_null())
        .set((
            organizations::deleted_at.eq(Utc::now()),
            organizations::purge_after.eq(purge_after),
            organizations::deleted_by.eq(by),
        ))
        .execute(conn)?;
    Ok(())
}

/// Clears the deletion; whether the organisation was deleted.
pub(super) fn restore(conn: &mut PgConnection, org_id: OrgId) -> QueryResult<bool> {
    let restored = diesel::update(organizations::table.find(org_id))
        .filter(organizations::deleted_at.is_not_null())
        .set((
            organizations::deleted_at.eq(None::<DateTime<Utc>>),
            organizations::purge_after.eq(None::<DateTime<Utc>>),
            organizations::deleted_by.eq(None::<Uuid>),
        ))
        .execute(conn)?;
    Ok(restored > 0)
}
