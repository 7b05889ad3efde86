//! The passkey endpoints of the security settings.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use uuid::Uuid;

use crate::auth::account::dto::{
    PasskeyInfo, PasskeyRegistered, PasskeyRegistrationOptions, PasswordConfirmation,
    RegisterPasskeyRequest, RenamePasskeyRequest,
};
use crate::auth::account::service::passkeys as service;
use crate::error::AppError;
use crate::http::auth::Authenticated;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::state::AppState;

/// The person's passkeys, oldest first.
#[utoipa::path(
    tag = "me",
    responses(
        (status = 200, description = "Passkeys", body = Vec<PasskeyInfo>),
        (status = 401, response = responses::Unauthorized),
    )
)]
#[get("/api/v1/me/passkeys")]
pub(crate) async fn list_my_passkeys(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(service::list(&state, auth.user_id()).await?))
}

/// Starts registering a passkey (the password is required): the options for
/// `navigator.credentials.create`.
#[utoipa::path(
    tag = "me",
    request_body = PasswordConfirmation,
    responses(
        (status = 200, description = "Creation options and the token to send back", body = PasskeyRegistrationOptions),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/api/v1/me/passkeys/registration")]
pub(crate) async fn start_passkey_registration(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: Json<PasswordConfirmation>,
) -> Result<HttpResponse, AppError> {
    let options =
        service::start_registration(&state, &auth.user, &body.into_inner().password).await?;
    Ok(HttpResponse::Ok().json(options))
}

/// Finishes registering a passkey. The first second factor also brings recovery codes, and
/// the person's other password-only sessions are signed out.
#[utoipa::path(
    tag = "me",
    request_body = RegisterPasskeyRequest,
    responses(
        (status = 201, description = "Registered", body = PasskeyRegistered),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Conflict),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/api/v1/me/passkeys")]
pub(crate) async fn register_passkey(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    body: Json<RegisterPasskeyRequest>,
) -> Result<HttpResponse, AppError> {
    let registered = service::register(
        &state,
        auth.user_id(),
        auth.session.id,
        client,
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Created().json(registered))
}

/// Renames one of the person's passkeys.
#[utoipa::path(
    tag = "me",
    params(("passkey_id" = Uuid, Path, description = "Passkey id")),
    request_body = RenamePasskeyRequest,
    responses(
        (status = 200, description = "Renamed", body = PasskeyInfo),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 422, response = responses::UnprocessableEntity),
    )
)]
#[patch("/api/v1/me/passkeys/{passkey_id}")]
pub(crate) async fn rename_passkey(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<Uuid>,
    body: Json<RenamePasskeyRequest>,
) -> Result<HttpResponse, AppError> {
    let renamed = service::rename(
        &state,
        auth.user_id(),
        path.into_inner(),
        &body.into_inner().name,
    )
    .await?;
    Ok(HttpResponse::Ok().json(renamed))
}

/// Removes one of the person's passkeys (the password is required).
#[utoipa::path(
    tag = "me",
    params(("passkey_id" = Uuid, Path, description = "Passkey id")),
    request_body = PasswordConfirmation,
    responses(
        (status = 204, description = "Removed"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[delete("/api/v1/me/passkeys/{passkey_id}")]
pub(crate) async fn remove_passkey(
    state: web::Data<AppState>,
    auth: Authenticated,
    client: ClientContext,
    path: web::Path<Uuid>,
    body: Json<PasswordConfirmation>,
) -> Result<HttpResponse, AppError> {
    service::remove(
        &state,
        &auth.user,
        path.into_inner(),
        &body.into_inner().password,
        client,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
