//! The creation endpoint: extracts the request, calls [`service`] and answers; the service's
//! [`CreateOrganizationError`](super::CreateOrganizationError) becomes the problem at the `?`.

use actix_web::{HttpResponse, post, web};

use crate::error::AppError;
use crate::http::auth::Authenticated;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::organizations::create::dto::CreateOrganizationRequest;
use crate::organizations::create::service;
use crate::organizations::profile::OrganizationResponse;
use crate::state::AppState;

/// Creates another organisation with the signed-in person as its owner.
#[utoipa::path(
    tag = "organizations",
    request_body = CreateOrganizationRequest,
    responses(
        (status = 201, description = "Created", body = OrganizationResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/api/v1/organizations")]
pub(crate) async fn create_organization(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    body: Json<CreateOrganizationRequest>,
) -> Result<HttpResponse, AppError> {
    let org = service::create(&state, auth.user_id(), client, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(OrganizationResponse::from(&org)))
}
