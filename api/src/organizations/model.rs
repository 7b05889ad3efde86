//! The organisation row (from the data layer) and what a missing one means to a caller here.

use diesel::pg::PgConnection;

use crate::domain::OrgName;
use crate::error::AppError;
use crate::ids::OrgId;
use vigil_core::problem_code::ProblemCode;
use vigil_data::models::organizations as rows;
pub use vigil_data::models::organizations::Organization;

/// Why [`find`] found no organisation.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    /// Deleted, or not visible in this transaction's tenant context.
    #[error("No such organisation, or you are not a member of it.")]
    NotFound,
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

impl From<FindError> for AppError {
    fn from(error: FindError) -> Self {
        match error {
            FindError::NotFound => AppError::NotFound {
                code: ProblemCode::OrganizationNotFound,
                detail: error.to_string(),
            },
            FindError::Database(e) => AppError::from(e),
        }
    }
}

/// The organisation, unless deleted (tenant transaction).
pub fn find(conn: &mut PgConnection, org_id: OrgId) -> Result<Organization, FindError> {
    rows::find(conn, org_id)?.ok_or(FindError::NotFound)
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
