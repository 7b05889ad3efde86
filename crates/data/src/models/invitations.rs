//! Invitation rows.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;
use vigil_core::ids::{OrgId, UserId};
use vigil_core::invitations::InvitationStatus;
use vigil_core::roles::Role;

use super::lower;
use crate::schema::{invitations, memberships, users};

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub org_id: OrgId,
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub invited_by: Option<UserId>,
    pub expires_at: DateTime<Utc>,
    pub access_expires_at: Option<DateTime<Utc>>,
    pub sent_count: i32,
    pub last_sent_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Invitation {
    pub fn status(&self, now: DateTime<Utc>) -> InvitationStatus {
        InvitationStatus::of(self.accepted_at, self.revoked_at, self.expires_at, now)
    }

    pub fn role(&self) -> Role {
        self.role
    }
}

/// The base query: one organisation's invitations.
pub fn for_org(org_id: OrgId) -> invitations::BoxedQuery<'static, diesel::pg::Pg> {
    invitations::table
        .filter(invitations::org_id.eq(org_id))
        .into_boxed()
}

pub fn find(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> QueryResult<Option<Invitation>> {
    for_org(org_id)
        .filter(invitations::id.eq(id))
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}

/// Locks the invitation row for the rest of the transaction.
pub fn lock(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> QueryResult<Option<Invitation>> {
    invitations::table
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::id.eq(id))
        .select(Invitation::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// Invitations that still hold a seat: neither accepted, revoked nor expired.
pub fn pending_count(conn: &mut PgConnection, org_id: OrgId) -> QueryResult<i64> {
    for_org(org_id)
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::revoked_at.is_null())
        .filter(invitations::expires_at.gt(Utc::now()))
        .count()
        .get_result(conn)
}

/// Whether someone with this email is already a member.
pub fn is_member(conn: &mut PgConnection, org_id: OrgId, email: &str) -> QueryResult<bool> {
    let found: i64 = memberships::table
        .inner_join(users::table)
        .filter(memberships::org_id.eq(org_id))
        .filter(lower(users::email).eq(email.to_lowercase()))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

/// The open (neither accepted nor revoked) invitation for an address, if any.
pub fn open_for_email(
    conn: &mut PgConnection,
    org_id: OrgId,
    email: &str,
) -> QueryResult<Option<Invitation>> {
    for_org(org_id)
        .filter(lower(invitations::email).eq(email.to_lowercase()))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::revoked_at.is_null())
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}
