//! The branding endpoints: each extracts the request, calls [`service`] and answers; the
//! service's [`BrandingError`](super::BrandingError) becomes the problem at the `?`.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, put, web};

use crate::authz::PersonGrant;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::ids::OrgId;
use crate::organizations::branding::dto::UpdateBrandingRequest;
use crate::organizations::branding::service;
use crate::organizations::profile::OrganizationResponse;
use crate::state::AppState;

/// Sets the brand colours (owners and administrators). The answer carries contrast warnings.
/// Completes onboarding step 4.
#[utoipa::path(
    tag = "branding",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    request_body = UpdateBrandingRequest,
    responses(
        (status = 200, description = "The updated organisation, with `branding_warnings`", body = OrganizationResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[patch("/branding")]
pub(crate) async fn update_branding(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    body: Json<UpdateBrandingRequest>,
) -> Result<HttpResponse, AppError> {
    let org = service::update_colours(&state, access, client, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(OrganizationResponse::from(&org)))
}

/// Uploads the logo (multipart field `file`; PNG, JPEG or WebP, at most 2 MB). Owners and
/// administrators. Completes onboarding step 4.
#[utoipa::path(
    tag = "branding",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    request_body(content_type = "multipart/form-data", description = "A form with one field, `file`: the image"),
    responses(
        (status = 200, description = "The organisation with its new `logo_url`", body = OrganizationResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 413, response = responses::PayloadTooLarge),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[put("/logo")]
pub(crate) async fn upload_logo(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    multipart: Multipart,
) -> Result<HttpResponse, AppError> {
    let org = service::upload_logo(&state, access, client, multipart).await?;
    Ok(HttpResponse::Ok().json(OrganizationResponse::from(&org)))
}

/// Removes the logo (owners and administrators).
#[utoipa::path(
    tag = "branding",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[delete("/logo")]
pub(crate) async fn delete_logo(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
) -> Result<HttpResponse, AppError> {
    service::delete_logo(&state, access, client).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Serves a logo by its content-addressed URL (from `logo_url`). Public, so emails and the
/// sign-in page can show it; cached for a year, since a new logo gets a new URL.
#[utoipa::path(
    tag = "branding",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("file" = String, Path, description = "File name from `logo_url`"),
    ),
    responses(
        (status = 200, description = "The PNG image", content_type = "image/png"),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/api/v1/logos/{org_id}/{file}")]
pub(crate) async fn get_logo(
    state: web::Data<AppState>,
    path: web::Path<(OrgId, String)>,
) -> Result<HttpResponse, AppError> {
    let (org_id, file) = path.into_inner();
    let bytes = service::current_logo(&state, org_id, &file).await?;
    Ok(HttpResponse::Ok()
        .content_type("image/png")
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        // Mail clients and other origins may display it.
        .insert_header(("Cross-Origin-Resource-Policy", "cross-origin"))
        .body(bytes))
}
