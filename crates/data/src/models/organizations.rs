//! The organisation row (always read inside the organisation's tenant transaction).

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use vigil_core::ids::OrgId;
use vigil_core::onboarding::StepStatus;
use vigil_core::time_zone::TimeZone;

use crate::schema::organizations;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = organizations)]
pub struct Organization {
    pub id: OrgId,
    pub name: String,
    pub slug: String,
    pub abn: Option<String>,
    pub address_line1: Option<String>,
    pub address_line2: Option<String>,
    pub suburb: Option<String>,
    pub state: Option<String>,
    pub postcode: Option<String>,
    pub country: String,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub time_zone: TimeZone,
    pub logo_key: Option<String>,
    pub primary_colour: Option<String>,
    pub accent_colour: Option<String>,
    pub subscription_tier: String,
    pub onboarding_details: StepStatus,
    pub onboarding_branding: StepStatus,
    pub onboarding_team: StepStatus,
    pub deleted_at: Option<DateTime<Utc>>,
    pub purge_after: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The organisation's invitation link lifetime; `None` keeps the server default.
    pub invitation_ttl_hours: Option<i32>,
}

/// The organisation unless it is deleted.
pub fn find(conn: &mut PgConnection, org_id: OrgId) -> QueryResult<Option<Organization>> {
    organizations::table
        .filter(organizations::id.eq(org_id))
        .filter(organizations::deleted_at.is_null())
        .select(Organization::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut PgConnection, org_id: OrgId, name: &str, slug: &str) -> QueryResult<()> {
    diesel::insert_into(organizations::table)
        .values((
            organizations::id.eq(org_id),
            organizations::name.eq(name),
            organizations::slug.eq(slug),
        ))
        .execute(conn)
        .map(drop)
}
