//! The security-policy endpoints: each extracts the request, calls [`service`] and answers; the
//! service's [`SecurityPolicyError`](super::SecurityPolicyError) becomes the problem at the `?`.

use actix_web::{HttpResponse, get, put, web};

use crate::authz::PersonGrant;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::organizations::policy::SecurityPolicyBody;
use crate::organizations::security::service;
use crate::state::AppState;

/// The organisation's security policy (owners and administrators).
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = uuid::Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "The policy", body = SecurityPolicyBody),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/security-policy")]
pub(crate) async fn get_security_policy(
    state: web::Data<AppState>,
    access: PersonGrant,
) -> Result<HttpResponse, AppError> {
    let current = service::get(&state, &access).await?;
    Ok(HttpResponse::Ok().json(SecurityPolicyBody::from(current)))
}

/// Replaces the organisation's security policy (owners and administrators).
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = uuid::Uuid, Path, description = "Organisation id")),
    request_body = SecurityPolicyBody,
    responses(
        (status = 200, description = "The policy now in force", body = SecurityPolicyBody),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 409, response = responses::Conflict),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[put("/security-policy")]
pub(crate) async fn update_security_policy(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    body: Json<SecurityPolicyBody>,
) -> Result<HttpResponse, AppError> {
    let saved = service::update(&state, access, client, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(SecurityPolicyBody::from(saved)))
}
