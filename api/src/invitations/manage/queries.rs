//! Invitation management's own statements. The shared lookups (`find`, `lock`, `is_member`,
//! `open_for_email`, `pending_count`) are in the feature's `model`.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use uuid::Uuid;

use crate::ids::{OrgId, UserId};
use crate::invitations::model::{self, Invitation, InvitationStatus};
use vigil_core::roles::Role;
use vigil_data::schema::{invitations, users};

/// A person's display name ("First Last").
pub(super) fn display_name(conn: &mut PgConnection, user_id: UserId) -> QueryResult<String> {
    let (first, last): (String, String) = users::table
        .find(user_id)
        .select((users::first_name, users::last_name))
        .first(conn)?;
    Ok(format!("{first} {last}"))
}

/// The columns of a new invitation.
pub(super) struct NewRow<'a> {
    pub(super) org_id: OrgId,
    pub(super) email: &'a str,
    pub(super) role: Role,
    pub(super) token_hash: Vec<u8>,
    pub(super) invited_by: UserId,
    pub(super) expires_at: DateTime<Utc>,
    pub(super) access_expires_at: Option<DateTime<Utc>>,
}

pub(super) fn insert(conn: &mut PgConnection, row: NewRow<'_>) -> QueryResult<Invitation> {
    diesel::insert_into(invitations::table)
        .values((
            invitations::org_id.eq(row.org_id),
            invitations::id.eq(Uuid::new_v4()),
            invitations::email.eq(row.email),
            invitations::role.eq(row.role.as_str()),
            invitations::token_hash.eq(row.token_hash),
            invitations::invited_by.eq(row.invited_by),
            invitations::expires_at.eq(row.expires_at),
            invitations::access_expires_at.eq(row.access_expires_at),
        ))
        .returning(Invitation::as_returning())
        .get_result(conn)
}

/// Closes an expired invitation that a new one replaces.
pub(super) fn close_replaced(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> QueryResult<()> {
    diesel::update(invitations::table.find((org_id, id)))
        .set(invitations::revoked_at.eq(Utc::now()))
        .execute(conn)?;
    Ok(())
}

/// Gives the invitation a new link (the old one stops working) and counts the send.
pub(super) fn renew(
    conn: &mut PgConnection,
    org_id: OrgId,
    id: Uuid,
    token_hash: Vec<u8>,
    expires_at: DateTime<Utc>,
    sent_count: i32,
) -> QueryResult<Invitation> {
    diesel::update(invitations::table.find((org_id, id)))
        .set((
            invitations::token_hash.eq(token_hash),
            invitations::expires_at.eq(expires_at),
            invitations::sent_count.eq(sent_count),
            invitations::last_sent_at.eq(Utc::now()),
        ))
        .returning(Invitation::as_returning())
        .get_result(conn)
}

pub(super) fn revoke(
    conn: &mut PgConnection,
    org_id: OrgId,
    id: Uuid,
    by: UserId,
) -> QueryResult<()> {
    diesel::update(invitations::table.find((org_id, id)))
        .set((
            invitations::revoked_at.eq(Utc::now()),
            invitations::revoked_by.eq(by),
        ))
        .execute(conn)?;
    Ok(())
}

/// One page of the organisation's invitations in `status` (all when `None`), newest first,
/// and how many there are in all.
pub(super) fn page(
    conn: &mut PgConnection,
    org_id: OrgId,
    status: Option<InvitationStatus>,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Invitation>, i64)> {
    let now = Utc::now();
    let filtered = || {
        let q = model::for_org(org_id);
        match status {
            None => q,
            Some(InvitationStatus::Accepted) => q.filter(invitations::accepted_at.is_not_null()),
            Some(InvitationStatus::Revoked) => q.filter(invitations::revoked_at.is_not_null()),
            Some(InvitationStatus::Expired) => q
                .filter(invitations::accepted_at.is_null())
                .filter(invitations::revoked_at.is_null())
                .filter(invitations::expires_at.le(now)),
            Some(InvitationStatus::Pending) => q
                .filter(invitations::accepted_at.is_null())
                .filter(invitations::revoked_at.is_null())
                .filter(invitations::expires_at.gt(now)),
        }
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order((invitations::created_at.desc(), invitations::id.desc()))
        .limit(limit)
        .offset(offset)
        .select(Invitation::as_select())
        .load(conn)?;
    Ok((rows, total))
}
