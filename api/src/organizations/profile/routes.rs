//! The organisation profile endpoints: each extracts the request, calls [`service`] and
//! answers; the service's [`ProfileError`](super::ProfileError) becomes the problem at the `?`.

use actix_web::{HttpResponse, delete, get, patch, post, web};

use crate::authz::PersonGrant;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::organizations::profile::dto::{
    DeletionScheduled, OrganizationResponse, UpdateOrganizationRequest,
};
use crate::organizations::profile::service;
use crate::state::AppState;

/// The organisation's profile and settings.
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "The organisation", body = OrganizationResponse),
        (status = 401, response = responses::Unauthorized),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("")]
pub(crate) async fn get_organization(
    state: web::Data<AppState>,
    access: PersonGrant,
) -> Result<HttpResponse, AppError> {
    let org = service::get(&state, &access).await?;
    Ok(HttpResponse::Ok().json(OrganizationResponse::from(&org)))
}

/// Updates the profile and settings (owners and administrators). Completes onboarding step 3.
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    request_body = UpdateOrganizationRequest,
    responses(
        (status = 200, description = "The updated organisation", body = OrganizationResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[patch("")]
pub(crate) async fn update_organization(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    body: Json<UpdateOrganizationRequest>,
) -> Result<HttpResponse, AppError> {
    let org = service::update(&state, access, client, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(OrganizationResponse::from(&org)))
}

/// Deletes the organisation (owners only). Members lose access at once; owners can restore it
/// during the grace period, after which its data and files are purged for good.
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 202, description = "Deletion scheduled", body = DeletionScheduled),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[delete("")]
pub(crate) async fn delete_organization(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
) -> Result<HttpResponse, AppError> {
    let purge_after = service::delete(&state, access, client).await?;
    Ok(HttpResponse::Accepted().json(DeletionScheduled { purge_after }))
}

/// Restores an organisation deleted less than the grace period ago (owners only).
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "Restored", body = OrganizationResponse),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 409, response = responses::Conflict),
    )
)]
#[post("/restore")]
pub(crate) async fn restore_organization(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
) -> Result<HttpResponse, AppError> {
    let org = service::restore(&state, access, client).await?;
    Ok(HttpResponse::Ok().json(OrganizationResponse::from(&org)))
}
