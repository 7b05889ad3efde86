//! The sign-in endpoints: each extracts the request, calls [`service`] and answers (setting or
//! clearing the cookies); the service's [`LoginError`](super::LoginError) becomes the problem
//! response at the handler's `?`.

use actix_web::{HttpRequest, HttpResponse, get, post, web};

use crate::auth::login::dto::{
    LoginRequest, MfaLoginRequest, MfaRequired, PasskeySignInOptions, PasskeySignInRequest,
};
use crate::auth::login::passwordless;
use crate::auth::login::service::{self, SignIn, SignedIn};
use crate::error::AppError;
use crate::http::auth::{Authenticated, expired_session_cookie, session_cookie};
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::identity::devices;
use crate::identity::session_response::SessionResponse;
use crate::state::AppState;

/// Signs in. Answers 200 with the session, or 202 when a second factor (a TOTP code, a
/// passkey or a recovery code) is needed next.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie (and the device cookie) is set", body = SessionResponse),
        (status = 202, description = "Password accepted; send the second factor to /auth/login/mfa", body = MfaRequired),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/api/v1/auth/login")]
pub(crate) async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: ClientContext,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, AppError> {
    let cookie = devices::from_request(&req, state.cipher.as_ref());
    match service::sign_in(&state, cookie, &client, body.into_inner()).await? {
        SignIn::Complete(signed_in) => Ok(signed_in_response(&state, *signed_in)),
        SignIn::SecondFactor(next) => Ok(HttpResponse::Accepted().json(next)),
    }
}

/// Completes a sign-in with the TOTP code, a passkey's answer or a recovery code. Five tries per
/// password check; wrong ones count toward the account's lockout like wrong passwords.
#[utoipa::path(
    tag = "auth",
    request_body = MfaLoginRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie (and the device cookie) is set", body = SessionResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[post("/api/v1/auth/login/mfa")]
pub(crate) async fn login_mfa(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: ClientContext,
    body: Json<MfaLoginRequest>,
) -> Result<HttpResponse, AppError> {
    let cookie = devices::from_request(&req, state.cipher.as_ref());
    let signed_in =
        service::sign_in_second_step(&state, cookie, &client, body.into_inner()).await?;
    Ok(signed_in_response(&state, signed_in))
}

/// Starts a passwordless sign-in: WebAuthn options any of the person's passkeys on this domain
/// can answer (the browser offers them, also as autofill).
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "The challenge, valid a few minutes and once", body = PasskeySignInOptions),
        (status = 429, response = responses::TooManyRequests),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/api/v1/auth/passkey/options")]
pub(crate) async fn start_passkey_sign_in(
    state: web::Data<AppState>,
    client: ClientContext,
) -> Result<HttpResponse, AppError> {
    let options = passwordless::start_sign_in(&state, &client).await?;
    Ok(HttpResponse::Ok().json(options))
}

/// Signs in with a passkey alone: its answer to the challenge of `/auth/passkey/options`.
/// The session records the method `passkey`.
#[utoipa::path(
    tag = "auth",
    request_body = PasskeySignInRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie (and the device cookie) is set", body = SessionResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/api/v1/auth/passkey")]
pub(crate) async fn passkey_sign_in(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: ClientContext,
    body: Json<PasskeySignInRequest>,
) -> Result<HttpResponse, AppError> {
    let cookie = devices::from_request(&req, state.cipher.as_ref());
    let signed_in = passwordless::sign_in(&state, cookie, &client, body.into_inner()).await?;
    Ok(signed_in_response(&state, signed_in))
}

/// The session cookie (a browser-session cookie unless "remember me"), the device cookie and
/// the session.
fn signed_in_response(state: &AppState, signed_in: SignedIn) -> HttpResponse {
    let remember_for = signed_in
        .remember_me
        .then_some(state.session_policy.remember);
    let mut response = HttpResponse::Ok();
    response.cookie(session_cookie(&signed_in.token, remember_for));
    if let Some(device_cookie) = signed_in.device_cookie {
        response.cookie(device_cookie.cookie());
    }
    response.json(signed_in.response)
}

/// Signs out: the session is revoked at once and the cookie cleared.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
    )
)]
#[post("/api/v1/auth/logout")]
pub(crate) async fn logout(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, AppError> {
    service::sign_out(&state, auth.session.id).await?;
    Ok(HttpResponse::NoContent()
        .cookie(expired_session_cookie())
        .finish())
}

/// The signed-in person, their organisations and the CSRF token.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "The current session", body = SessionResponse),
        (status = 401, response = responses::Unauthorized),
    )
)]
#[get("/api/v1/auth/session")]
pub(crate) async fn get_session(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(SessionResponse::of(
        &auth.user,
        &auth.session,
        &auth.access,
        &state.session_policy,
    )))
}
