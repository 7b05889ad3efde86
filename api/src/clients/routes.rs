//! The API client endpoints: managing clients (owners and administrators), the OAuth 2.0 token
//! endpoint (client credentials, RFC 6749) and the JWKS that verifies the tokens. Each extracts
//! the request, calls [`service`] and answers; the service's
//! [`ClientError`](super::error::ClientError) becomes the problem response at the handler's
//! `?`, except the token endpoint's refusals, answered in RFC 6749's form.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use base64::Engine;
use uuid::Uuid;

use crate::authz::PersonGrant;
use crate::clients::dto::{
    ApiClientResponse, CreateApiClientRequest, Jwks, OAuthError, TokenRequest, TokenResponse,
};
use crate::clients::error::{ClientError, OAuthRefusal};
use crate::clients::service::{self, TokenCall};
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::state::AppState;

/// Creates an API client (owners and administrators). The secret is in this answer only.
#[utoipa::path(
    tag = "api-clients",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    request_body = CreateApiClientRequest,
    responses(
        (status = 201, description = "Created, with its secret", body = ApiClientResponse),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/api-clients")]
pub(crate) async fn create_api_client(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    body: Json<CreateApiClientRequest>,
) -> Result<HttpResponse, AppError> {
    let created = service::create(&state, access, client, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}

/// The organisation's API clients (owners and administrators).
#[utoipa::path(
    tag = "api-clients",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "Clients, newest first", body = Vec<ApiClientResponse>),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/api-clients")]
pub(crate) async fn list_api_clients(
    state: web::Data<AppState>,
    access: PersonGrant,
) -> Result<HttpResponse, AppError> {
    let clients = service::list(&state, &access).await?;
    Ok(HttpResponse::Ok().json(clients))
}

/// Revokes an API client: no new tokens, and its current tokens stop working at once.
#[utoipa::path(
    tag = "api-clients",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("client_id" = Uuid, Path, description = "The client's id (not its public client id)"),
    ),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[delete("/api-clients/{client_id}")]
pub(crate) async fn revoke_api_client(
    state: web::Data<AppState>,
    access: PersonGrant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    service::revoke(&state, access, client, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Exchanges client credentials for a 10-minute access token (OAuth 2.0 client credentials).
/// Errors follow RFC 6749 (`error`, `error_description`), not problem+json.
#[utoipa::path(
    tag = "api-clients",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "An access token", body = TokenResponse),
        (status = 400, description = "invalid_request, unsupported_grant_type or invalid_scope", body = OAuthError),
        (status = 401, description = "invalid_client", body = OAuthError),
        (status = 429, response = responses::TooManyRequests),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/oauth/token")]
pub(crate) async fn issue_token(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: ClientContext,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let call = TokenCall {
        is_form,
        body: &body,
        basic: basic_credentials(&req),
    };
    match service::issue_token(&state, &client, call).await {
        Ok(issued) => Ok(HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .json(issued)),
        Err(ClientError::Refused(refusal)) => Ok(oauth_error(&refusal)),
        Err(other) => Err(other.into()),
    }
}

/// The RFC 6749 §5.2 answer to a refused token request.
fn oauth_error(refusal: &OAuthRefusal) -> HttpResponse {
    let mut response = HttpResponse::build(refusal.status());
    response.insert_header((header::CACHE_CONTROL, "no-store"));
    if matches!(refusal, OAuthRefusal::InvalidClient) {
        response.insert_header((header::WWW_AUTHENTICATE, "Basic realm=\"vigil\""));
    }
    response.json(OAuthError {
        error: refusal.code(),
        error_description: refusal.to_string(),
    })
}

/// Client credentials from HTTP Basic (RFC 6749 §2.3.1: form-urlencoded, then base64).
fn basic_credentials(req: &HttpRequest) -> Option<(String, String)> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    let unescape = |s: &str| {
        url::form_urlencoded::parse(format!("v={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
    };
    Some((unescape(id)?, unescape(secret)?))
}

/// The public keys that verify access tokens (JWKS).
#[utoipa::path(
    tag = "api-clients",
    responses(
        (status = 200, description = "The key set", body = Jwks),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[get("/.well-known/jwks.json")]
pub(crate) async fn get_jwks(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let keys = service::published_keys(&state).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(Jwks { keys }))
}
