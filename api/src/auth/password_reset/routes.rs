//! The password reset endpoints: each extracts the request, calls [`service`] and answers; the
//! service's [`ResetError`](super::ResetError) becomes the problem response at the handler's
//! `?`.

use actix_web::{HttpResponse, post, web};

use crate::auth::Accepted;
use crate::auth::password_reset::dto::{ForgotPasswordRequest, ResetPasswordRequest};
use crate::auth::password_reset::service;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::state::AppState;

/// Emails a password reset link. Always answers 202 the same way, whether or not the address
/// has an account.
#[utoipa::path(
    tag = "auth",
    request_body = ForgotPasswordRequest,
    responses(
        (status = 202, description = "If the address has an account, a reset link is on its way", body = Accepted),
        (status = 400, response = responses::BadRequest),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/api/v1/auth/password/forgot")]
pub(crate) async fn forgot_password(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<ForgotPasswordRequest>,
) -> Result<HttpResponse, AppError> {
    service::send_reset_link(&state, client, body.into_inner()).await?;
    Ok(HttpResponse::Accepted().json(Accepted::new(
        "If this address has a Vigil account, a link to reset its password is on its way.",
    )))
}

/// Sets a new password with the token from the reset email. Every session of the account is
/// signed out, and a "password changed" email is sent. Multi-factor sign-in is not bypassed:
/// the person still signs in afterwards.
#[utoipa::path(
    tag = "auth",
    request_body = ResetPasswordRequest,
    responses(
        (status = 204, description = "Password changed; sign in with the new password"),
        (status = 400, response = responses::BadRequest),
        (status = 410, response = responses::Gone),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/auth/password/reset")]
pub(crate) async fn reset_password(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<ResetPasswordRequest>,
) -> Result<HttpResponse, AppError> {
    service::reset_password(&state, client, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
