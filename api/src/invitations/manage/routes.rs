//! The invitation management endpoints: each extracts the request, calls [`service`] and
//! answers; the service's [`InvitationError`](super::error::InvitationError) becomes the problem
//! response at the handler's `?`.
#![allow(
    unused_qualifications,
    reason = "utoipa's expansion of a handler's IntoParams query names the type by a path"
)]

use actix_web::{HttpResponse, delete, get, post, web};
use uuid::Uuid;

use crate::authz::PersonGrant;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::page::{Page, PageQuery};
use crate::http::problem::responses;
use crate::invitations::dto::InvitationResponse;
use crate::invitations::manage::dto::{
    CreateInvitationsRequest, CreateInvitationsResponse, InvitationList, InvitationQuery,
};
use crate::invitations::manage::service;
use crate::state::AppState;

/// Invites one or more people by email (owners and administrators; administrators cannot invite
/// owners). Each address succeeds or fails on its own: see `results`. Inviting a member, or an
/// address with a pending invitation, fails for that address (resend the pending one instead);
/// an expired invitation is replaced. Pending invitations count against the seat limit.
#[utoipa::path(
    tag = "invitations",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    request_body = CreateInvitationsRequest,
    responses(
        (status = 200, description = "One result per address", body = CreateInvitationsResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/invitations")]
pub(crate) async fn create_invitations(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    body: Json<CreateInvitationsRequest>,
) -> Result<HttpResponse, AppError> {
    let requested = body.into_inner().invitations;
    let created = service::create(&state, access, client, requested).await?;
    Ok(HttpResponse::Ok().json(created))
}

/// The organisation's invitations, newest first (owners and administrators).
#[allow(
    unused_qualifications,
    reason = "utoipa's IntoParams expansion names the query type by its path"
)]
#[utoipa::path(
    tag = "invitations",
    params(("org_id" = Uuid, Path, description = "Organisation id"), InvitationQuery, PageQuery),
    responses(
        (status = 200, description = "A page of invitations", body = InvitationList),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/invitations")]
pub(crate) async fn list_invitations(
    state: web::Data<AppState>,
    access: PersonGrant,
    query: web::Query<InvitationQuery>,
    page: Page,
) -> Result<HttpResponse, AppError> {
    let list = service::list(&state, &access, query.into_inner().status, page).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Sends the invitation again with a new link; the old link stops working and the new one is
/// valid for another 24 hours. Not for accepted or revoked invitations. At most 3 an hour.
#[utoipa::path(
    tag = "invitations",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("invitation_id" = Uuid, Path, description = "Invitation id"),
    ),
    responses(
        (status = 200, description = "Resent by email (the link is never in an answer)", body = InvitationResponse),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 409, response = responses::Conflict),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/invitations/{invitation_id}/resend")]
pub(crate) async fn resend_invitation(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (_, invitation_id) = path.into_inner();
    let resent = service::resend(&state, access, client, invitation_id).await?;
    Ok(HttpResponse::Ok().json(resent))
}

/// Revokes an invitation: its link stops working at once. Accepted invitations cannot be
/// revoked (remove the member instead); revoking twice is harmless.
#[utoipa::path(
    tag = "invitations",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("invitation_id" = Uuid, Path, description = "Invitation id"),
    ),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 409, response = responses::Conflict),
    )
)]
#[delete("/invitations/{invitation_id}")]
pub(crate) async fn revoke_invitation(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (_, invitation_id) = path.into_inner();
    service::revoke(&state, access, client, invitation_id).await?;
    Ok(HttpResponse::NoContent().finish())
}
