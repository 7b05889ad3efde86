//! The member endpoints: each extracts the request, calls [`service`] and answers; the
//! service's [`MemberError`](super::MemberError) becomes the problem response at the `?`.
#![allow(
    unused_qualifications,
    reason = "utoipa's expansion of a handler's IntoParams query names the type by a path"
)]

use actix_web::{HttpResponse, delete, get, patch, web};
use uuid::Uuid;

use crate::authz::PersonGrant;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::page::{Page, PageQuery};
use crate::http::problem::responses;
use crate::organizations::members::dto::{
    MemberList, MemberQuery, MemberResponse, UpdateMemberRequest,
};
use crate::organizations::members::service;
use crate::state::AppState;

/// The organisation's members, sorted by name, searchable and paginated.
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
    let list = service::list(&state, &access, query.into_inner(), page).await?;
    Ok(HttpResponse::Ok().json(list))
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
    let member = service::update(&state, access, client, target, body.into_inner()).await?;
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
    service::remove(&state, access, client, target).await?;
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
    service::leave(&state, access, client).await?;
    Ok(HttpResponse::NoContent().finish())
}
