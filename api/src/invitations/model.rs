//! Invitations: the row and its queries (from the data layer), and their 404.

use diesel::pg::PgConnection;
use uuid::Uuid;

use crate::error::AppError;
use crate::ids::OrgId;
use crate::organizations::roles::Role;
use vigil_core::problem_code::ProblemCode;

pub use vigil_core::invitations::InvitationStatus;
use vigil_data::models::invitations as rows;
pub use vigil_data::models::invitations::{
    Invitation, for_org, is_member, open_for_email, pending_count,
};

/// How a role reads in a sentence: "as an administrator".
pub fn role_text(role: Role) -> &'static str {
    match role {
        Role::Owner => "an owner",
        Role::Admin => "an administrator",
        Role::Member => "a member",
        Role::Viewer => "a viewer",
    }
}

fn not_found() -> AppError {
    AppError::NotFound {
        code: ProblemCode::InvitationNotFound,
        detail: "No such invitation in this organisation.".into(),
    }
}

pub fn find(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> Result<Invitation, AppError> {
    rows::find(conn, org_id, id)?.ok_or_else(not_found)
}

/// Locks the invitation row for the rest of the transaction.
pub fn lock(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> Result<Invitation, AppError> {
    rows::lock(conn, org_id, id)?.ok_or_else(not_found)
}
