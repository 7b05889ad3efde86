//! The organisation row and its queries (always inside the organisation's tenant transaction).

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::domain::{OrgName, TimeZone};
use crate::error::AppError;
use crate::ids::OrgId;
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::organizations;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = organizations)]
pub struct Organization {
    pub id: Uuid,
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
    pub onboarding_details: String,
    pub onboarding_branding: String,
    pub onboarding_team: String,
    pub deleted_at: Option<DateTime<Utc>>,
    pub purge_after: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// How long this organisation's invitation links last (1 to 168); none: the server default.
    pub invitation_ttl_hours: Option<i32>,
}

#[derive(Insertable)]
#[diesel(table_name = organizations)]
struct NewOrganization<'a> {
    pub id: Uuid,
    pub name: &'a str,
    pub slug: &'a str,
}

/// The base query: one organisation, by its id, never a deleted one.
fn for_org(org_id: OrgId) -> organizations::BoxedQuery<'static, diesel::pg::Pg> {
    organizations::table
        .filter(organizations::id.eq(org_id.into_uuid()))
        .filter(organizations::deleted_at.is_null())
        .into_boxed()
}

pub fn find(conn: &mut PgConnection, org_id: OrgId) -> Result<Organization, AppError> {
    for_org(org_id)
        .select(Organization::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| AppError::NotFound {
            code: ProblemCode::OrganizationNotFound,
            detail: "No such organisation, or you are not a member of it.".into(),
        })
}

/// Inserts a new organisation under a fresh slug (see [`new_slug`]) and returns the slug.
pub fn insert(conn: &mut PgConnection, org_id: OrgId, name: &OrgName) -> Result<String, AppError> {
    let slug = new_slug(&name.slug_base());
    diesel::insert_into(organizations::table)
        .values(&NewOrganization {
            id: org_id.into_uuid(),
            name: name.as_str(),
            slug: &slug,
        })
        .execute(conn)?;
    Ok(slug)
}

/// A unique, URL-friendly slug: the name's ASCII form plus a random suffix.
fn new_slug(base: &str) -> String {
    use rand::RngExt;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let suffix: String = (0..6)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("{base}-{suffix}")
}
