//! Managing API clients (owners and administrators), the OAuth 2.0 token endpoint (client
//! credentials, RFC 6749) and the JWKS that verifies the tokens.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use base64::Engine;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::model::{self, ApiClient};
use super::scopes::{self, Scope};
use super::token;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::PersonGrant;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::problem::responses;
use crate::ids::OrgId;
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use crate::tokens;
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::api_clients;
use vigil_data::{TenantContext, enter_tenant};

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ApiClientResponse {
    pub id: Uuid,
    pub name: String,
    /// The public client id for `/oauth/token`.
    pub client_id: String,
    pub scopes: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Only in the answer that created the client: store it now, it is not shown again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

impl ApiClientResponse {
    fn new(client: &ApiClient, secret: Option<String>) -> Self {
        Self {
            id: client.id,
            name: client.name.clone(),
            client_id: client.client_id.clone(),
            scopes: client.scopes.clone(),
            created_at: client.created_at,
            last_used_at: client.last_used_at,
            revoked_at: client.revoked_at,
            client_secret: secret,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiClientRequest {
    #[schema(example = "Compliance engine")]
    pub name: String,
    /// documents:read, documents:write, compliance-results:read, compliance-results:write,
    /// reports:read, reports:write
    pub scopes: Vec<Scope>,
}

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
    // Tokens cannot be signed without the key ring: say so now, not at the first token.
    state.keys()?;
    let body = body.into_inner();
    let name = body.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid_field(
            "name",
            "Give the client a name of 1 to 100 characters.",
        ));
    }
    if body.scopes.is_empty() {
        return Err(AppError::invalid_field(
            "scopes",
            "Choose at least one scope.",
        ));
    }
    let mut chosen: Vec<Scope> = Vec::new();
    for scope in body.scopes {
        if !chosen.contains(&scope) {
            chosen.push(scope);
        }
    }
    let secret = format!("vgs_{}", tokens::generate());
    let public_id = format!("vgc_{}", &tokens::generate()[..24]);
    let created = state
        .db
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let row: ApiClient = diesel::insert_into(api_clients::table)
                .values((
                    api_clients::org_id.eq(org_id.into_uuid()),
                    api_clients::id.eq(Uuid::new_v4()),
                    api_clients::name.eq(&name),
                    api_clients::client_id.eq(&public_id),
                    api_clients::secret_hash.eq(tokens::hash(&secret)),
                    api_clients::scopes.eq(chosen
                        .iter()
                        .map(|s| s.as_str().to_owned())
                        .collect::<Vec<_>>()),
                    api_clients::created_by.eq(access.user_id().into_uuid()),
                ))
                .returning(ApiClient::as_returning())
                .get_result(conn)?;
            audit::record(
                conn,
                &AuditEvent::new(
                    org_id,
                    Some(access.user_id()),
                    AuditAction::ApiClientCreated {
                        name: name.clone(),
                        scopes: row.scopes.clone(),
                    },
                )
                .target("api_client", row.id),
                &client,
            )?;
            Ok(ApiClientResponse::new(&row, Some(secret)))
        })
        .await?;
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
    let org_id = access.org_id();
    let rows: Vec<ApiClient> = state
        .db
        .tenant(access.tenant(), move |conn| {
            Ok(model::for_org(org_id)
                .order(api_clients::created_at.desc())
                .select(ApiClient::as_select())
                .load(conn)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(
        rows.iter()
            .map(|c| ApiClientResponse::new(c, None))
            .collect::<Vec<_>>(),
    ))
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
    state
        .db
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let exists: i64 = model::for_org(org_id)
                .filter(api_clients::id.eq(id))
                .count()
                .get_result(conn)?;
            if exists == 0 {
                return Err(AppError::NotFound {
                    code: ProblemCode::ApiClientNotFound,
                    detail: "No such API client in this organisation.".into(),
                });
            }
            let revoked = diesel::update(
                api_clients::table
                    .find((org_id.into_uuid(), id))
                    .filter(api_clients::revoked_at.is_null()),
            )
            .set(api_clients::revoked_at.eq(Utc::now()))
            .execute(conn)?;
            if revoked > 0 {
                audit::record(
                    conn,
                    &AuditEvent::new(
                        org_id,
                        Some(access.user_id()),
                        AuditAction::ApiClientRevoked {},
                    )
                    .target("api_client", id),
                    &client,
                )?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

// --- The token endpoint -------------------------------------------------------------------------

/// `application/x-www-form-urlencoded` body of the token request.
#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    /// Must be `client_credentials`.
    pub grant_type: Option<String>,
    /// With `client_secret`, unless sent by HTTP Basic authentication.
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// Space-separated; defaults to all the client's scopes. Must be a subset of them.
    pub scope: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds (600).
    pub expires_in: i64,
    pub scope: String,
}

/// An RFC 6749 §5.2 error.
#[derive(Serialize, ToSchema)]
pub struct OAuthError {
    /// invalid_request, invalid_client, unsupported_grant_type, invalid_scope
    pub error: &'static str,
    pub error_description: String,
}

fn oauth_error(status: u16, error: &'static str, description: impl Into<String>) -> HttpResponse {
    let mut response = HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status)
            .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST),
    );
    response.insert_header((header::CACHE_CONTROL, "no-store"));
    if error == "invalid_client" {
        response.insert_header((header::WWW_AUTHENTICATE, "Basic realm=\"vigil\""));
    }
    response.json(OAuthError {
        error,
        error_description: description.into(),
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

const TOKENS_PER_IP: Limit = Limit {
    name: "oauth-token:ip",
    max: 120,
    window_secs: 60,
};

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
    ratelimit::check(&state.db, &[(TOKENS_PER_IP, client.ip_key())]).await?;
    let form_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form_type {
        return Ok(oauth_error(
            400,
            "invalid_request",
            "Send the request as application/x-www-form-urlencoded.",
        ));
    }
    let Ok(form) = serde_urlencoded::from_bytes::<TokenRequest>(&body) else {
        return Ok(oauth_error(
            400,
            "invalid_request",
            "The form could not be read.",
        ));
    };
    if form.grant_type.as_deref() != Some("client_credentials") {
        return Ok(oauth_error(
            400,
            "unsupported_grant_type",
            "Only grant_type=client_credentials is supported.",
        ));
    }
    let (client_id, secret) = match (basic_credentials(&req), form.client_id, form.client_secret) {
        (Some(credentials), None, None) => credentials,
        (None, Some(id), Some(secret)) => (id, secret),
        (Some(_), _, _) => {
            return Ok(oauth_error(
                400,
                "invalid_request",
                "Send the credentials either by Basic authentication or in the form, not both.",
            ));
        }
        _ => {
            return Ok(oauth_error(
                401,
                "invalid_client",
                "Client authentication failed.",
            ));
        }
    };
    let requested = match form.scope.as_deref().map(scopes::parse_list) {
        None => None,
        Some(Ok(list)) => Some(list),
        Some(Err(reason)) => return Ok(oauth_error(400, "invalid_scope", reason)),
    };
    let keys = state.keys()?;
    let lookup = client_id.clone();
    let found = state
        .db
        .api_client_holder(client_id.clone(), move |conn| {
            Ok(model::by_public_id(conn, &lookup)?)
        })
        .await?;
    // Unknown, revoked and wrong secret answer alike.
    let Some(found) = found.filter(|c| {
        c.revoked_at.is_none()
            && tokens::equal(
                &hex::encode(&c.secret_hash),
                &hex::encode(tokens::hash(&secret)),
            )
    }) else {
        return Ok(oauth_error(
            401,
            "invalid_client",
            "Client authentication failed.",
        ));
    };
    let allowed: Vec<Scope> = found
        .scopes
        .iter()
        .filter_map(|s| Scope::parse(s))
        .collect();
    let granted = match requested {
        None => allowed.clone(),
        Some(list) if list.iter().all(|s| allowed.contains(s)) && !list.is_empty() => list,
        Some(_) => {
            return Ok(oauth_error(
                400,
                "invalid_scope",
                "The client may not have all the requested scopes.",
            ));
        }
    };
    let org_id = OrgId::from_uuid(found.org_id);
    let id = found.id;
    // A client of a deleted organisation gets no more tokens, like a revoked one.
    let active = state
        .db
        .global(move |conn| {
            enter_tenant(conn, TenantContext::new(org_id, None))?;
            if !model::is_active(conn, org_id, id)? {
                return Ok(false);
            }
            diesel::update(api_clients::table.find((org_id.into_uuid(), id)))
                .set(api_clients::last_used_at.eq(Utc::now()))
                .execute(conn)?;
            Ok(true)
        })
        .await?;
    if !active {
        return Ok(oauth_error(
            401,
            "invalid_client",
            "Client authentication failed.",
        ));
    }
    let access_token = token::issue(
        &keys,
        &state.config.http.public_url,
        &found.client_id,
        id,
        org_id,
        &granted,
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(TokenResponse {
            access_token,
            token_type: "Bearer",
            expires_in: token::LIFETIME_SECS,
            scope: scopes::join(&granted),
        }))
}

#[derive(Serialize, ToSchema)]
pub struct Jwks {
    /// Public keys (OKP / Ed25519) by `kid`.
    #[schema(value_type = Vec<Object>)]
    pub keys: Vec<serde_json::Value>,
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
    let keys = state.keys()?;
    let mut published = keys.published().await?;
    if published.is_empty() {
        keys.rotate_if_due().await?;
        published = keys.published().await?;
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(Jwks { keys: published }))
}
