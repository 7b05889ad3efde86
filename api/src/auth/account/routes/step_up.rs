//! Step-up: proving who one is again before a sensitive action (the API answers
//! `403 step-up-required` without a recent enough proof).

use actix_web::{HttpResponse, post, web};

use crate::auth::account::dto::{StepUpOptions, StepUpRequest, SteppedUp};
use crate::auth::account::service::step_up as service;
use crate::error::AppError;
use crate::http::auth::Authenticated;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::state::AppState;

/// What a step-up needs from this person (their strongest method) and, for a passkey, its
/// challenge.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "The proof needed", body = StepUpOptions),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/api/v1/auth/step-up/options")]
pub(crate) async fn start_step_up(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::options(&state, &auth.user).await?))
}

/// Proves who one is again, with the proof the options asked for; sensitive actions are then
/// allowed for a few minutes.
#[utoipa::path(
    tag = "auth",
    request_body = StepUpRequest,
    responses(
        (status = 200, description = "Proved; the session records the method and time", body = SteppedUp),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/api/v1/auth/step-up")]
pub(crate) async fn step_up(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    body: Json<StepUpRequest>,
) -> Result<HttpResponse, AppError> {
    let done =
        service::step_up(&state, &auth.user, &auth.session, client, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(done))
}
