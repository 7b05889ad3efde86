//! The signup and verification endpoints: each extracts the request, calls [`service`] and
//! answers; the service's [`SignupError`](super::SignupError) becomes the problem response at
//! the handler's `?`.

use actix_web::{HttpResponse, post, web};

use crate::auth::Accepted;
use crate::auth::signup::dto::{
    EmailVerified, ResendVerificationRequest, SignupAccepted, SignupRequest, VerifyEmailRequest,
};
use crate::auth::signup::service;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::state::AppState;

/// Signs up a new organisation and its owner.
///
/// Answers 202 in every successful case, including when the email already has an account (that
/// person gets an email about the attempt instead), so the response never reveals who is
/// registered.
#[utoipa::path(
    tag = "auth",
    request_body = SignupRequest,
    responses(
        (status = 202, description = "Signed up; a verification email is on its way", body = SignupAccepted),
        (status = 400, response = responses::BadRequest),
        (status = 415, response = responses::UnsupportedMediaType),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/api/v1/signup")]
pub(crate) async fn signup(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<SignupRequest>,
) -> Result<HttpResponse, AppError> {
    let accepted = service::sign_up(&state, client, body.into_inner()).await?;
    Ok(HttpResponse::Accepted().json(accepted))
}

/// Verifies the account's email address with the token from the verification email. Sends the
/// welcome email.
#[utoipa::path(
    tag = "auth",
    request_body = VerifyEmailRequest,
    responses(
        (status = 200, description = "The email is verified; the person can sign in", body = EmailVerified),
        (status = 400, response = responses::BadRequest),
        (status = 410, response = responses::Gone),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/auth/verify-email")]
pub(crate) async fn verify_email(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<VerifyEmailRequest>,
) -> Result<HttpResponse, AppError> {
    let verified = service::verify_email(&state, client, body.into_inner().token).await?;
    Ok(HttpResponse::Ok().json(verified))
}

/// Sends a new verification link (the previous one stops working). Always answers 202 the
/// same way, whether or not the address has an unverified account.
#[utoipa::path(
    tag = "auth",
    request_body = ResendVerificationRequest,
    responses(
        (status = 202, description = "If the address has an unverified account, a new link is on its way", body = Accepted),
        (status = 400, response = responses::BadRequest),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/api/v1/auth/verify-email/resend")]
pub(crate) async fn resend_verification(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<ResendVerificationRequest>,
) -> Result<HttpResponse, AppError> {
    service::resend_verification(&state, client, body.into_inner()).await?;
    Ok(HttpResponse::Accepted().json(Accepted::new(
        "If this address has an account waiting for verification, a new link is on its way.",
    )))
}
