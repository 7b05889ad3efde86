//! The account endpoints: each extracts the request, calls [`service`] and answers; the
//! service's [`AccountError`](crate::auth::account::AccountError) becomes the problem
//! response at the handler's `?`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use uuid::Uuid;

use crate::auth::Accepted;
use crate::auth::account::dto::{
    ChangeEmailRequest, ChangePasswordRequest, EmailChanged, LinkTokenRequest,
    PasswordConfirmation, RecoveryCodes, SecondFactorConfirmation, SecurityOverview, SessionInfo,
    SessionsRevoked, TotpCode, TotpEnabled, TotpSetup,
};
use crate::auth::account::service;
use crate::error::AppError;
use crate::http::auth::Authenticated;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::state::AppState;

pub(super) mod passkeys;
pub(super) mod step_up;

// --- Sessions ---------------------------------------------------------------------------------

/// The person's live sessions, most recently used first.
#[utoipa::path(
    tag = "me",
    responses(
        (status = 200, description = "Live sessions", body = Vec<SessionInfo>),
        (status = 401, response = responses::Unauthorized),
    )
)]
#[get("/api/v1/me/sessions")]
pub(crate) async fn list_my_sessions(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, AppError> {
    let list = service::list_sessions(&state, auth.user_id(), auth.session.id).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Signs one of the person's sessions out; it is refused from its very next request.
#[utoipa::path(
    tag = "me",
    params(("session_id" = Uuid, Path, description = "Session id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[delete("/api/v1/me/sessions/{session_id}")]
pub(crate) async fn revoke_my_session(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    service::revoke_session(&state, auth.user_id(), path.into_inner(), client).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Signs out every other session of the person (this one stays).
#[utoipa::path(
    tag = "me",
    responses(
        (status = 200, description = "How many were signed out", body = SessionsRevoked),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
    )
)]
#[delete("/api/v1/me/sessions")]
pub(crate) async fn revoke_other_sessions(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
) -> Result<HttpResponse, AppError> {
    let revoked =
        service::revoke_other_sessions(&state, auth.user_id(), auth.session.id, client).await?;
    Ok(HttpResponse::Ok().json(SessionsRevoked { revoked }))
}

// --- Password and email -------------------------------------------------------------------------

/// Changes the password (the current one is required). Every other session is signed out.
#[utoipa::path(
    tag = "me",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed; other sessions signed out"),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[put("/api/v1/me/password")]
pub(crate) async fn change_password(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    body: Json<ChangePasswordRequest>,
) -> Result<HttpResponse, AppError> {
    service::change_password(
        &state,
        &auth.user,
        auth.session.id,
        client,
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Asks to change the account's email address (the password is required). A link goes to the
/// new address; the old address is told. Nothing changes until the link is used. The answer is
/// the same whether or not the new address is already taken.
#[utoipa::path(
    tag = "me",
    request_body = ChangeEmailRequest,
    responses(
        (status = 202, description = "Confirmation sent to the new address", body = Accepted),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[put("/api/v1/me/email")]
pub(crate) async fn change_email(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    body: Json<ChangeEmailRequest>,
) -> Result<HttpResponse, AppError> {
    service::change_email(&state, &auth.user, client, body.into_inner()).await?;
    Ok(HttpResponse::Accepted().json(Accepted::new(
        "Check the new address for a confirmation link. Your address changes once you use it.",
    )))
}

/// Confirms an email change with the link sent to the new address.
#[utoipa::path(
    tag = "auth",
    request_body = LinkTokenRequest,
    responses(
        (status = 200, description = "The address was changed", body = EmailChanged),
        (status = 400, response = responses::BadRequest),
        (status = 409, response = responses::Conflict),
        (status = 410, response = responses::Gone),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/auth/email/confirm")]
pub(crate) async fn confirm_email_change(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<LinkTokenRequest>,
) -> Result<HttpResponse, AppError> {
    let email = service::confirm_email_change(&state, client, body.into_inner().token).await?;
    Ok(HttpResponse::Ok().json(EmailChanged { email }))
}

// --- Links from security emails -------------------------------------------------------------------

/// Unlocks sign-in with the single-use link from the "account locked" email.
#[utoipa::path(
    tag = "auth",
    request_body = LinkTokenRequest,
    responses(
        (status = 204, description = "Unlocked"),
        (status = 400, response = responses::BadRequest),
        (status = 410, response = responses::Gone),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/auth/unlock")]
pub(crate) async fn unlock_account(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<LinkTokenRequest>,
) -> Result<HttpResponse, AppError> {
    service::unlock(&state, client, body.into_inner().token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// "This wasn't me": signs out every session and emails a password reset link.
#[utoipa::path(
    tag = "auth",
    request_body = LinkTokenRequest,
    responses(
        (status = 202, description = "Secured: all sessions signed out, reset link sent", body = Accepted),
        (status = 400, response = responses::BadRequest),
        (status = 410, response = responses::Gone),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/auth/not-me")]
pub(crate) async fn not_me(
    state: web::Data<AppState>,
    client: ClientContext,
    body: Json<LinkTokenRequest>,
) -> Result<HttpResponse, AppError> {
    service::not_me(&state, client, body.into_inner().token).await?;
    Ok(HttpResponse::Accepted().json(Accepted::new(
        "Every session of the account was signed out. Check your email for a link to choose a new password.",
    )))
}

// --- Two-step verification -------------------------------------------------------------------------

/// Starts TOTP enrolment (the password is required): a new secret to add to an authenticator
/// app. Two-step verification is on once a code from it is confirmed.
#[utoipa::path(
    tag = "me",
    request_body = PasswordConfirmation,
    responses(
        (status = 200, description = "The secret and its otpauth URI", body = TotpSetup),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Conflict),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/api/v1/me/mfa/totp")]
pub(crate) async fn start_totp_enrolment(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: Json<PasswordConfirmation>,
) -> Result<HttpResponse, AppError> {
    let setup =
        service::totp::start_enrolment(&state, &auth.user, &body.into_inner().password).await?;
    Ok(HttpResponse::Ok().json(setup))
}

/// Confirms TOTP enrolment with a code from the app; turns two-step verification on, signs out
/// the person's other password-only sessions and returns the recovery codes.
#[utoipa::path(
    tag = "me",
    request_body = TotpCode,
    responses(
        (status = 200, description = "On; the recovery codes and how many sessions were signed out", body = TotpEnabled),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Conflict),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/api/v1/me/mfa/totp/confirm")]
pub(crate) async fn confirm_totp_enrolment(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    body: Json<TotpCode>,
) -> Result<HttpResponse, AppError> {
    let enabled = service::totp::confirm_enrolment(
        &state,
        &auth.user,
        auth.session.id,
        client,
        body.into_inner().code,
    )
    .await?;
    Ok(HttpResponse::Ok().json(enabled))
}

/// Turns two-step verification off (password and a current code, or a recovery code, required).
#[utoipa::path(
    tag = "me",
    request_body = SecondFactorConfirmation,
    responses(
        (status = 204, description = "Off"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Conflict),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[delete("/api/v1/me/mfa/totp")]
pub(crate) async fn disable_totp(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    body: Json<SecondFactorConfirmation>,
) -> Result<HttpResponse, AppError> {
    service::totp::disable(&state, &auth.user, client, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Replaces the recovery codes (password and a second factor required).
#[utoipa::path(
    tag = "me",
    request_body = SecondFactorConfirmation,
    responses(
        (status = 200, description = "The new recovery codes", body = RecoveryCodes),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Conflict),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/api/v1/me/mfa/recovery-codes")]
pub(crate) async fn regenerate_recovery_codes(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    body: Json<SecondFactorConfirmation>,
) -> Result<HttpResponse, AppError> {
    let recovery_codes =
        service::totp::regenerate_recovery_codes(&state, &auth.user, client, body.into_inner())
            .await?;
    Ok(HttpResponse::Ok().json(RecoveryCodes { recovery_codes }))
}

// --- Overview ---------------------------------------------------------------------------------------

/// Everything the security settings page shows.
#[utoipa::path(
    tag = "me",
    responses(
        (status = 200, description = "Security overview", body = SecurityOverview),
        (status = 401, response = responses::Unauthorized),
    )
)]
#[get("/api/v1/me/security")]
pub(crate) async fn get_security_overview(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, AppError> {
    let overview = service::security_overview(&state, &auth.user).await?;
    Ok(HttpResponse::Ok().json(overview))
}
