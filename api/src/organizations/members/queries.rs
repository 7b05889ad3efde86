//! The membership statements. The guard, seats, the dashboard, organisation creation and the
//! CLI share the ones that are `pub`.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::QueryResult;
use uuid::Uuid;

use crate::ids::{OrgId, UserId};
use crate::organizations::members::dto::{MemberQuery, MemberResponse};
use vigil_core::roles::Role;
use vigil_data::models::memberships::{AccessNotEnded, access_not_ended};
use vigil_data::schema::{memberships, sessions, users};

type ActiveMemberships = diesel::dsl::Filter<
    diesel::dsl::Filter<memberships::table, diesel::dsl::Eq<memberships::org_id, OrgId>>,
    AccessNotEnded,
>;

/// Memberships whose access has not ended.
fn active(org_id: OrgId) -> ActiveMemberships {
    memberships::table
        .filter(memberships::org_id.eq(org_id))
        .filter(access_not_ended(Utc::now()))
}

/// Members holding a seat (time-limited access not yet ended).
pub fn active_member_count(conn: &mut PgConnection, org_id: OrgId) -> QueryResult<i64> {
    active(org_id).count().get_result(conn)
}

pub fn add(conn: &mut PgConnection, org_id: OrgId, user_id: UserId, role: Role) -> QueryResult<()> {
    add_many(conn, org_id, &[(user_id, role)])
}

/// Adds several members in one statement (bulk writers such as `vigil seed`).
pub fn add_many(
    conn: &mut PgConnection,
    org_id: OrgId,
    members: &[(UserId, Role)],
) -> QueryResult<()> {
    let rows: Vec<_> = members
        .iter()
        .map(|(user_id, role)| {
            (
                memberships::org_id.eq(org_id),
                memberships::user_id.eq(user_id),
                memberships::role.eq(role.as_str()),
            )
        })
        .collect();
    diesel::insert_into(memberships::table)
        .values(rows)
        .execute(conn)?;
    Ok(())
}

/// Active members per role, every role listed.
pub fn count_by_role(conn: &mut PgConnection, org_id: OrgId) -> QueryResult<Vec<(Role, i64)>> {
    let rows: Vec<(Role, i64)> = active(org_id)
        .group_by(memberships::role)
        .select((memberships::role, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(Role::ALL
        .into_iter()
        .map(|role| {
            let n = rows.iter().find(|(r, _)| *r == role).map_or(0, |(_, n)| *n);
            (role, n)
        })
        .collect())
}

#[derive(Queryable)]
struct MemberRow {
    user_id: Uuid,
    email: String,
    first_name: String,
    last_name: String,
    job_title: Option<String>,
    role: Role,
    joined_at: DateTime<Utc>,
    access_expires_at: Option<DateTime<Utc>>,
}

impl From<MemberRow> for MemberResponse {
    fn from(row: MemberRow) -> Self {
        Self {
            role: row.role,
            user_id: row.user_id,
            email: row.email,
            first_name: row.first_name,
            last_name: row.last_name,
            job_title: row.job_title,
            joined_at: row.joined_at,
            access_expired: row.access_expires_at.is_some_and(|at| at <= Utc::now()),
            access_expires_at: row.access_expires_at,
        }
    }
}

/// The columns of a [`MemberRow`], in order.
type MemberColumns = (
    users::id,
    users::email,
    users::first_name,
    users::last_name,
    users::job_title,
    memberships::role,
    memberships::created_at,
    memberships::access_expires_at,
);

const MEMBER_COLUMNS: MemberColumns = (
    users::id,
    users::email,
    users::first_name,
    users::last_name,
    users::job_title,
    memberships::role,
    memberships::created_at,
    memberships::access_expires_at,
);

pub(super) fn find(
    conn: &mut PgConnection,
    org_id: OrgId,
    user_id: Uuid,
) -> QueryResult<Option<MemberResponse>> {
    let row: Option<MemberRow> = memberships::table
        .inner_join(users::table)
        .filter(memberships::org_id.eq(org_id))
        .filter(memberships::user_id.eq(user_id))
        .select(MEMBER_COLUMNS)
        .first(conn)
        .optional()?;
    Ok(row.map(MemberResponse::from))
}

/// `term` as an ILIKE pattern matching it anywhere, its wildcards taken literally.
fn contains_pattern(term: &str) -> String {
    format!(
        "%{}%",
        term.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// One page of members sorted by name, and how many match in all, in one round trip (see
/// [`vigil_data::split_counted`]).
pub(super) fn list(
    conn: &mut PgConnection,
    org_id: OrgId,
    query: &MemberQuery,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<MemberResponse>, i64)> {
    let filtered = || {
        let mut q = memberships::table
            .inner_join(users::table)
            .filter(memberships::org_id.eq(org_id))
            .into_boxed();
        if let Some(term) = query.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let pattern = contains_pattern(term);
            q = q.filter(
                users::first_name
                    .ilike(pattern.clone())
                    .or(users::last_name.ilike(pattern.clone()))
                    .or(users::email.ilike(pattern)),
            );
        }
        if let Some(role) = query.role {
            q = q.filter(memberships::role.eq(role.as_str()));
        }
        q
    };
    let rows: Vec<(Option<i64>, MemberRow)> = filtered()
        .order((
            users::last_name.asc(),
            users::first_name.asc(),
            users::id.asc(),
        ))
        .limit(limit)
        .offset(offset)
        .select((filtered().count().single_value(), MEMBER_COLUMNS))
        .load(conn)?;
    let (rows, total) = vigil_data::split_counted(rows, (limit, offset), || {
        filtered().count().get_result(conn)
    })?;
    Ok((rows.into_iter().map(MemberResponse::from).collect(), total))
}

/// Locks the organisation's owner rows and counts the owners whose access never ends, so two
/// requests cannot each take away "one of two" owners at once.
pub(super) fn lock_permanent_owners(conn: &mut PgConnection, org_id: OrgId) -> QueryResult<usize> {
    let owners: Vec<(Uuid, Option<DateTime<Utc>>)> = memberships::table
        .filter(memberships::org_id.eq(org_id))
        .filter(memberships::role.eq(Role::Owner.as_str()))
        .select((memberships::user_id, memberships::access_expires_at))
        .for_update()
        .load(conn)?;
    Ok(owners.iter().filter(|(_, ends)| ends.is_none()).count())
}

pub(super) fn set_role(
    conn: &mut PgConnection,
    org_id: OrgId,
    user_id: Uuid,
    role: Role,
) -> QueryResult<()> {
    diesel::update(memberships::table.find((org_id, user_id)))
        .set((
            memberships::role.eq(role.as_str()),
            memberships::updated_at.eq(Utc::now()),
        ))
        .execute(conn)?;
    Ok(())
}

pub(super) fn set_access_end(
    conn: &mut PgConnection,
    org_id: OrgId,
    user_id: Uuid,
    until: Option<DateTime<Utc>>,
) -> QueryResult<()> {
    diesel::update(memberships::table.find((org_id, user_id)))
        .set((
            memberships::access_expires_at.eq(until),
            memberships::updated_at.eq(Utc::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Deletes the membership; sessions that opened this organisation by default open another one
/// next time.
pub(super) fn delete(conn: &mut PgConnection, org_id: OrgId, user_id: Uuid) -> QueryResult<()> {
    diesel::delete(memberships::table.find((org_id, user_id))).execute(conn)?;
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::current_organization_id.eq(org_id)),
    )
    .set(sessions::current_organization_id.eq(None::<Uuid>))
    .execute(conn)?;
    Ok(())
}
