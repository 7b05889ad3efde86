//! Invitation rows and their status.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::AppError;
use crate::ids::OrgId;
use crate::organizations::roles::Role;
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::{invitations, memberships, users};

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub org_id: Uuid,
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub invited_by: Option<Uuid>,
    pub expires_at: DateTime<Utc>,
    pub access_expires_at: Option<DateTime<Utc>>,
    pub sent_count: i32,
    pub last_sent_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize, ToSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    Pending,
    Expired,
    Accepted,
    Revoked,
}

impl Invitation {
    pub fn status(&self, now: DateTime<Utc>) -> InvitationStatus {
        if self.accepted_at.is_some() {
            InvitationStatus::Accepted
        } else if self.revoked_at.is_some() {
            InvitationStatus::Revoked
        } else if self.expires_at <= now {
            InvitationStatus::Expired
        } else {
            InvitationStatus::Pending
        }
    }

    pub fn role(&self) -> Role {
        self.role
    }
}

/// How a role reads in a sentence: "as an administrator".
pub fn role_text(role: Role) -> &'static str {
    match role {
        Role::Owner => "an owner",
        Role::Admin => "an administrator",
        Role::Member => "a member",
        Role::Viewer => "a viewer",
    }
}

/// The base query: one organisation's invitations.
pub fn for_org(org_id: OrgId) -> invitations::BoxedQuery<'static, diesel::pg::Pg> {
    invitations::table
        .filter(invitations::org_id.eq(org_id.into_uuid()))
        .into_boxed()
}

pub fn find(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> Result<Invitation, AppError> {
    for_org(org_id)
        .filter(invitations::id.eq(id))
        .select(Invitation::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| AppError::NotFound {
            code: ProblemCode::InvitationNotFound,
            detail: "No such invitation in this organisation.".into(),
        })
}

/// Locks the invitation row for the rest of the transaction.
pub fn lock(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> Result<Invitation, AppError> {
    invitations::table
        .filter(invitations::org_id.eq(org_id.into_uuid()))
        .filter(invitations::id.eq(id))
        .select(Invitation::as_select())
        .for_update()
        .first(conn)
        .optional()?
        .ok_or_else(|| AppError::NotFound {
            code: ProblemCode::InvitationNotFound,
            detail: "No such invitation in this organisation.".into(),
        })
}

/// Invitations that still hold a seat: neither accepted, revoked nor expired.
pub fn pending_count(conn: &mut PgConnection, org_id: OrgId) -> Result<i64, AppError> {
    Ok(for_org(org_id)
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::revoked_at.is_null())
        .filter(invitations::expires_at.gt(Utc::now()))
        .count()
        .get_result(conn)?)
}

/// Whether someone with this email is already a member.
pub fn is_member(conn: &mut PgConnection, org_id: OrgId, email: &str) -> Result<bool, AppError> {
    let found: i64 = memberships::table
        .inner_join(users::table)
        .filter(memberships::org_id.eq(org_id.into_uuid()))
        .filter(crate::identity::users::lower(users::email).eq(email.to_lowercase()))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

/// The open (neither accepted nor revoked) invitation for an address, if any.
pub fn open_for_email(
    conn: &mut PgConnection,
    org_id: OrgId,
    email: &str,
) -> Result<Option<Invitation>, AppError> {
    Ok(for_org(org_id)
        .filter(crate::identity::users::lower(invitations::email).eq(email.to_lowercase()))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::revoked_at.is_null())
        .select(Invitation::as_select())
        .first(conn)
        .optional()?)
}
