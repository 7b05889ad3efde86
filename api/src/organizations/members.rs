//! Memberships: who belongs to an organisation, with which role; listing, role changes and
//! removal with last-owner protection.
#![allow(
    unused_qualifications,
    reason = "utoipa's expansion of a handler's IntoParams query names the type by a path"
)]

use actix_web::{HttpResponse, delete, get, patch, web};
use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::roles::Role;
use crate::audit::events::FormerMember;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::Permission;
use crate::authz::PersonGrant;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::page::{Page, PageQuery};
use crate::http::problem::responses;
use crate::ids::{OrgId, UserId};
use crate::state::AppState;
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::{memberships, organizations, sessions, users};

/// A membership as the organisation guard sees it.
#[derive(Debug, Clone, Copy)]
pub struct MembershipState {
    pub role: Role,
    /// The organisation is deleted and awaiting purge.
    pub org_deleted: bool,
    /// Time-limited access that has ended.
    pub access_expired_at: Option<DateTime<Utc>>,
}

/// The user's membership of the organisation, if any (tenant transaction).
pub fn membership_state(
    conn: &mut PgConnection,
    org_id: OrgId,
    user_id: UserId,
) -> Result<Option<MembershipState>, AppError> {
    type Row = (Role, Option<DateTime<Utc>>, Option<DateTime<Utc>>);
    let row: Option<Row> = memberships::table
        .inner_join(organizations::table)
        .filter(memberships::org_id.eq(org_id.into_uuid()))
        .filter(memberships::user_id.eq(user_id.into_uuid()))
        .select((
            memberships::role,
            organizations::deleted_at,
            memberships::access_expires_at,
        ))
        .first(conn)
        .optional()?;
    let now = Utc::now();
    Ok(
        row.map(|(role, deleted_at, access_expires_at)| MembershipState {
            role,
            org_deleted: deleted_at.is_some(),
            access_expired_at: access_expires_at.filter(|at| *at <= now),
        }),
    )
}

type ActiveMemberships = diesel::dsl::Filter<
    diesel::dsl::Filter<memberships::table, diesel::dsl::Eq<memberships::org_id, Uuid>>,
    diesel::dsl::Or<
        diesel::dsl::IsNull<memberships::access_expires_at>,
        diesel::dsl::Gt<memberships::access_expires_at, DateTime<Utc>>,
    >,
>;

/// Memberships whose access has not ended.
fn active(org_id: OrgId) -> ActiveMemberships {
    memberships::table
        .filter(memberships::org_id.eq(org_id.into_uuid()))
        .filter(
            memberships::access_expires_at
                .is_null()
                .or(memberships::access_expires_at.gt(Utc::now())),
        )
}

/// Members holding a seat (time-limited access not yet ended).
pub fn active_member_count(conn: &mut PgConnection, org_id: OrgId) -> Result<i64, AppError> {
    Ok(active(org_id).count().get_result(conn)?)
}

pub fn add(
    conn: &mut PgConnection,
    org_id: OrgId,
    user_id: UserId,
    role: Role,
) -> Result<(), AppError> {
    add_many(conn, org_id, &[(user_id, role)])
}

/// Adds several members in one statement (bulk writers such as `vigil seed`).
pub fn add_many(
    conn: &mut PgConnection,
    org_id: OrgId,
    members: &[(UserId, Role)],
) -> Result<(), AppError> {
    let rows: Vec<_> = members
        .iter()
        .map(|(user_id, role)| {
            (
                memberships::org_id.eq(org_id.into_uuid()),
                memberships::user_id.eq(user_id.into_uuid()),
                memberships::role.eq(role.as_str()),
            )
        })
        .collect();
    diesel::insert_into(memberships::table)
        .values(rows)
        .execute(conn)?;
    Ok(())
}

/// Active members per role.
pub fn count_by_role(conn: &mut PgConnection, org_id: OrgId) -> Result<Vec<(Role, i64)>, AppError> {
    let rows: Vec<(String, i64)> = active(org_id)
        .group_by(memberships::role)
        .select((memberships::role, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(Role::ALL
        .into_iter()
        .map(|role| {
            let n = rows
                .iter()
                .find(|(r, _)| r == role.as_str())
                .map_or(0, |(_, n)| *n);
            (role, n)
        })
        .collect())
}

#[derive(Serialize, Deserialize, ToSchema, Debug)]
pub struct MemberResponse {
    pub user_id: Uuid,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub job_title: Option<String>,
    pub role: Role,
    pub joined_at: DateTime<Utc>,
    /// When time-limited access ends (or ended); absent for permanent members.
    pub access_expires_at: Option<DateTime<Utc>>,
    pub access_expired: bool,
}

#[derive(Serialize, ToSchema)]
pub struct MemberList {
    pub items: Vec<MemberResponse>,
    /// Members matching the filters, in all pages.
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Deserialize, IntoParams, Debug)]
#[into_params(parameter_in = Query)]
pub struct MemberQuery {
    /// Matches first name, last name or email (case-insensitive).
    pub q: Option<String>,
    pub role: Option<Role>,
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

fn to_response(row: MemberRow) -> Option<MemberResponse> {
    Some(MemberResponse {
        role: row.role,
        user_id: row.user_id,
        email: row.email,
        first_name: row.first_name,
        last_name: row.last_name,
        job_title: row.job_title,
        joined_at: row.joined_at,
        access_expired: row.access_expires_at.is_some_and(|at| at <= Utc::now()),
        access_expires_at: row.access_expires_at,
    })
}

fn find_member(
    conn: &mut PgConnection,
    org_id: OrgId,
    user_id: Uuid,
) -> Result<MemberResponse, AppError> {
    let row: Option<MemberRow> = memberships::table
        .inner_join(users::table)
        .filter(memberships::org_id.eq(org_id.into_uuid()))
        .filter(memberships::user_id.eq(user_id))
        .select((
            users::id,
            users::email,
            users::first_name,
            users::last_name,
            users::job_title,
            memberships::role,
            memberships::created_at,
            memberships::access_expires_at,
        ))
        .first(conn)
        .optional()?;
    row.and_then(to_response).ok_or_else(member_not_found)
}

fn member_not_found() -> AppError {
    AppError::NotFound {
        code: ProblemCode::MemberNotFound,
        detail: "That person is not a member of this organisation.".into(),
    }
}

/// The organisation's members, sorted by name, searchable and paginated.
#[allow(
    unused_qualifications,
    reason = "utoipa's IntoParams expansion names the query type by its path"
)]
#[utoipa::path(
    tag = "members",
    params(("org_id" = Uuid, Path, description = "Organisation id"), MemberQuery, PageQuery),
    responses(
        (status = 200, description = "A page of members", body = MemberList),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/members")]
pub(crate) async fn list_members(
    state: web::Data<AppState>,
    access: PersonGrant,
    query: web::Query<MemberQuery>,
    page: Page,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let (limit, offset) = (page.limit, page.offset);
    let org_id = access.org_id();
    let (rows, total) = state
        .db
        .tenant(access.tenant(), move |conn| {
            let filtered = || {
                let mut q = memberships::table
                    .inner_join(users::table)
                    .filter(memberships::org_id.eq(org_id.into_uuid()))
                    .into_boxed();
                if let Some(term) = query.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                    let pattern = format!(
                        "%{}%",
                        term.replace('\\', "\\\\")
                            .replace('%', "\\%")
                            .replace('_', "\\_")
                    );
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
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<MemberRow> = filtered()
                .order((
                    users::last_name.asc(),
                    users::first_name.asc(),
                    users::id.asc(),
                ))
                .limit(limit)
                .offset(offset)
                .select((
                    users::id,
                    users::email,
                    users::first_name,
                    users::last_name,
                    users::job_title,
                    memberships::role,
                    memberships::created_at,
                    memberships::access_expires_at,
                ))
                .load(conn)?;
            Ok((rows, total))
        })
        .await?;
    Ok(HttpResponse::Ok().json(MemberList {
        items: rows.into_iter().filter_map(to_response).collect(),
        total,
        limit,
        offset,
    }))
}

/// What to change; at least one field.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMemberRequest {
    pub role: Option<Role>,
    /// Extend, shorten or (with `null`) remove the end of a time-limited membership.
    #[serde(default, deserialize_with = "crate::http::json::nullable")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub access_expires_at: Option<Option<DateTime<Utc>>>,
}

/// Locks the organisation's owner rows and counts the owners whose access never ends, so two
/// requests cannot each take away "one of two" owners at once.
fn locked_permanent_owners(conn: &mut PgConnection, org_id: OrgId) -> Result<usize, AppError> {
    let owners: Vec<(Uuid, Option<DateTime<Utc>>)> = memberships::table
        .filter(memberships::org_id.eq(org_id.into_uuid()))
        .filter(memberships::role.eq(Role::Owner.as_str()))
        .select((memberships::user_id, memberships::access_expires_at))
        .for_update()
        .load(conn)?;
    Ok(owners.iter().filter(|(_, ends)| ends.is_none()).count())
}

/// An organisation keeps at least one owner whose access never ends: the change would leave
/// none (demoting, removing or giving an end date to the last one).
fn ensure_an_owner_remains(
    conn: &mut PgConnection,
    org_id: OrgId,
    current: &MemberResponse,
    new_role: Role,
    new_end: Option<DateTime<Utc>>,
) -> Result<(), AppError> {
    let was_permanent_owner = current.role == Role::Owner && current.access_expires_at.is_none();
    let stays_permanent_owner = new_role == Role::Owner && new_end.is_none();
    if was_permanent_owner && !stays_permanent_owner && locked_permanent_owners(conn, org_id)? <= 1
    {
        return Err(last_owner());
    }
    Ok(())
}

fn last_owner() -> AppError {
    AppError::Conflict {
        code: ProblemCode::LastOwner,
        detail: "An organisation needs at least one owner whose access does not end. Make someone else an owner first."
            .into(),
    }
}

fn owners_only(detail: &str) -> AppError {
    AppError::Forbidden {
        code: ProblemCode::OwnersOnly,
        detail: detail.to_owned(),
    }
}

/// Changes a member's role or the end of their time-limited access. Administrators manage
/// members who are not owners; only owners grant or take away the owner role; the last owner
/// cannot be demoted.
#[utoipa::path(
    tag = "members",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("user_id" = Uuid, Path, description = "The member's user id"),
    ),
    request_body = UpdateMemberRequest,
    responses(
        (status = 200, description = "The member with the new role", body = MemberResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 409, response = responses::Conflict),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[patch("/members/{user_id}")]
pub(crate) async fn update_member(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<UpdateMemberRequest>,
) -> Result<HttpResponse, AppError> {
    let (_, target) = path.into_inner();
    let body = body.into_inner();
    if body.role.is_none() && body.access_expires_at.is_none() {
        return Err(AppError::invalid_field(
            "role",
            "Send a new role, an access end date, or both.",
        ));
    }
    if let Some(Some(at)) = body.access_expires_at
        && at <= Utc::now()
    {
        return Err(AppError::invalid_field(
            "access_expires_at",
            "The end of access must be in the future (remove the member to end it now).",
        ));
    }
    let member = state
        .db
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let current = find_member(conn, org_id, target)?;
            let new_role = body.role.unwrap_or(current.role);
            if (current.role == Role::Owner || new_role == Role::Owner)
                && !access.holds(Permission::OwnersManage)
            {
                return Err(owners_only(
                    "Only owners can grant the owner role or change an owner's role or access.",
                ));
            }
            let new_end = body.access_expires_at.unwrap_or(current.access_expires_at);
            ensure_an_owner_remains(conn, org_id, &current, new_role, new_end)?;
            let row = memberships::table.find((org_id.into_uuid(), target));
            if new_role != current.role {
                diesel::update(row)
                    .set((
                        memberships::role.eq(new_role.as_str()),
                        memberships::updated_at.eq(Utc::now()),
                    ))
                    .execute(conn)?;
                audit::record(
                    conn,
                    &AuditEvent::new(
                        org_id,
                        Some(access.user_id()),
                        AuditAction::RoleChanged {
                            before: current.role,
                            after: new_role,
                        },
                    )
                    .target("user", target),
                    &client,
                )?;
            }
            if let Some(until) = body.access_expires_at
                && until != current.access_expires_at
            {
                diesel::update(row)
                    .set((
                        memberships::access_expires_at.eq(until),
                        memberships::updated_at.eq(Utc::now()),
                    ))
                    .execute(conn)?;
                audit::record(
                    conn,
                    &AuditEvent::new(
                        org_id,
                        Some(access.user_id()),
                        AuditAction::AccessChanged {
                            before: current.access_expires_at,
                            after: until,
                        },
                    )
                    .target("user", target),
                    &client,
                )?;
            }
            find_member(conn, org_id, target)
        })
        .await?;
    Ok(HttpResponse::Ok().json(member))
}

/// Removes a member (administrators: members who are not owners; owners: anyone). The
/// member's access ends with their next request. The last owner whose access does not end
/// cannot be removed. To leave an organisation yourself, use `DELETE …/membership`.
#[utoipa::path(
    tag = "members",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("user_id" = Uuid, Path, description = "The member's user id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 409, response = responses::Conflict),
    )
)]
#[delete("/members/{user_id}")]
pub(crate) async fn remove_member(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (_, target) = path.into_inner();
    state
        .db
        .tenant(access.tenant(), move |conn| {
            let current = find_member(conn, access.org_id(), target)?;
            if current.role == Role::Owner && !access.holds(Permission::OwnersManage) {
                return Err(owners_only("Only owners can remove an owner."));
            }
            end_membership(conn, &access, &current, &client)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Leaves the organisation: the caller's own membership ends. The last owner whose access does
/// not end cannot leave (make someone else an owner first).
#[utoipa::path(
    tag = "members",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 204, description = "Left the organisation"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 409, response = responses::Conflict),
    )
)]
#[delete("/membership")]
pub(crate) async fn leave_organization(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
) -> Result<HttpResponse, AppError> {
    state
        .db
        .tenant(access.tenant(), move |conn| {
            let current = find_member(conn, access.org_id(), access.user_id().into_uuid())?;
            end_membership(conn, &access, &current, &client)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Deletes a membership (after the caller's checks), keeping an owner, and audits it.
fn end_membership(
    conn: &mut PgConnection,
    access: &PersonGrant,
    current: &MemberResponse,
    client: &ClientContext,
) -> Result<(), AppError> {
    let org_id = access.org_id();
    let target = current.user_id;
    ensure_an_owner_remains(conn, org_id, current, Role::Viewer, None)?;
    diesel::delete(memberships::table.find((org_id.into_uuid(), target))).execute(conn)?;
    // Sessions that opened this organisation by default open another one next time.
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(target))
            .filter(sessions::current_organization_id.eq(org_id.into_uuid())),
    )
    .set(sessions::current_organization_id.eq(None::<Uuid>))
    .execute(conn)?;
    let former = FormerMember {
        role: current.role,
        email: current.email.clone(),
    };
    let action = if target == access.user_id().into_uuid() {
        AuditAction::MemberLeft(former)
    } else {
        AuditAction::MemberRemoved(former)
    };
    audit::record(
        conn,
        &AuditEvent::new(org_id, Some(access.user_id()), action).target("user", target),
        client,
    )
}
