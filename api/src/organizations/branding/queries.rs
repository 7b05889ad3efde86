//! The branding statements on the organisation row (tenant transaction).

use chrono::Utc;
use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::ids::OrgId;
use crate::organizations::branding::colours::NewColours;
use vigil_data::schema::organizations;

/// Sets or clears the colours the change names; the others stay as they are.
pub(super) fn set_colours(
    conn: &mut PgConnection,
    org_id: OrgId,
    colours: &NewColours,
) -> QueryResult<()> {
    let target = organizations::table.find(org_id);
    if let Some(primary) = &colours.primary {
        diesel::update(target)
            .set(organizations::primary_colour.eq(primary))
            .execute(conn)?;
    }
    if let Some(accent) = &colours.accent {
        diesel::update(target)
            .set(organizations::accent_colour.eq(accent))
            .execute(conn)?;
    }
    diesel::update(target)
        .set(organizations::updated_at.eq(Utc::now()))
        .execute(conn)?;
    Ok(())
}

/// Points the organisation at its new logo's key, or at none.
pub(super) fn set_logo_key(
    conn: &mut PgConnection,
    org_id: OrgId,
    key: Option<&str>,
) -> QueryResult<()> {
    diesel::update(organizations::table.find(org_id))
        .set((
            organizations::logo_key.eq(key),
            organizations::updated_at.eq(Utc::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The logo key of the organisation, unless it is deleted or has no logo.
pub(super) fn logo_key(conn: &mut PgConnection, org_id: OrgId) -> QueryResult<Option<String>> {
    let key: Option<Option<String>> = organizations::table
        .filter(organizations::id.eq(org_id))
        .filter(organizations::deleted_at.is_null())
        .select(organizations::logo_key)
        .first(conn)
        .optional()?;
    Ok(key.flatten())
}
