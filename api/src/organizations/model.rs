//! The organisation row (from the data layer) and what a missing one means to a caller here.

use diesel::pg::PgConnection;

use crate::domain::OrgName;
use crate::error::AppError;
use crate::ids::OrgId;
use vigil_core::problem_code::ProblemCode;
use vigil_data::models::organizations as rows;
pub use vigil_data::models::organizations::Organization;

/// The organisation, unless deleted (tenant transaction); otherwise 404.
pub fn find(conn: &mut PgConnection, org_id: OrgId) -> Result<Organization, AppError> {
    rows::find(conn, org_id)?.ok_or_else(|| AppError::NotFound {
        code: ProblemCode::OrganizationNotFound,
        detail: "No such organisation, or you are not a member of it.".into(),
    })
}

/// Inserts the organisation under a new unique slug; returns the slug.
pub fn insert(
    conn: &mut PgConnection,
    org_id: OrgId,
    name: &OrgName,
) -> diesel::QueryResult<String> {
    let slug = new_slug(&name.slug_base());
    rows::insert(conn, org_id, name.as_str(), &slug)?;
    Ok(slug)
}

fn new_slug(base: &str) -> String {
    use rand::RngExt;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let suffix: String = (0..6)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("{base}-{suffix}")
}
