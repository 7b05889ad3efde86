//! The API client rules: a named client with at least one scope, its secret shown once and
//! stored hashed; revocation ends its tokens at once; and the token endpoint (client
//! credentials), where unknown, revoked and wrong credentials and a deleted organisation all
//! answer alike, and a token never carries a scope its client lacks.

use uuid::Uuid;

use crate::access_tokens::token;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::PersonGrant;
use crate::clients::dto::{ApiClientResponse, CreateApiClientRequest, TokenRequest, TokenResponse};
use crate::clients::error::{ClientError, OAuthRefusal};
use crate::clients::model::{self, ApiClient};
use crate::clients::queries::{self, NewClient};
use crate::http::client::ClientContext;
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use crate::tokens;
use vigil_core::scopes::{self, Scope};
use vigil_data::{TenantContext, enter_tenant};

const TOKENS_PER_IP: Limit = Limit {
    name: "oauth-token:ip",
    max: 120,
    window_secs: 60,
};

/// Creates a client; the answer is the only one that carries its secret.
pub(super) async fn create(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
    body: CreateApiClientRequest,
) -> Result<ApiClientResponse, ClientError> {
    // Tokens cannot be signed without the key ring: say so now, not at the first token.
    state.keys()?;
    let name = body.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ClientError::InvalidName);
    }
    if body.scopes.is_empty() {
        return Err(ClientError::NoScopes);
    }
    let mut chosen: Vec<Scope> = Vec::new();
    for scope in body.scopes {
        if !chosen.contains(&scope) {
            chosen.push(scope);
        }
    }
    let secret = format!("vgs_{}", tokens::generate());
    let public_id = format!("vgc_{}", &tokens::generate()[..24]);
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            let row = queries::insert(
                conn,
                NewClient {
                    org_id,
                    name: &name,
                    public_id: &public_id,
                    secret_hash: tokens::hash(&secret),
                    scopes: &chosen,
                    created_by: access.user_id(),
                },
            )?;
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
        .await
}

/// The organisation's clients, newest first (never their secrets).
pub(super) async fn list(
    state: &AppState,
    access: &PersonGrant,
) -> Result<Vec<ApiClientResponse>, ClientError> {
    let org_id = access.org_id();
    let rows = state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            Ok::<_, ClientError>(queries::list(conn, org_id)?)
        })
        .await?;
    Ok(rows
        .iter()
        .map(|c| ApiClientResponse::new(c, None))
        .collect())
}

/// Revokes a client (its tokens stop working at once); revoking twice is harmless and
/// audited once.
pub(super) async fn revoke(
    state: &AppState,
    access: PersonGrant,
    client: ClientContext,
    id: Uuid,
) -> Result<(), ClientError> {
    state
        .db
        .data()
        .tenant(access.tenant(), move |conn| {
            let org_id = access.org_id();
            if !queries::exists(conn, org_id, id)? {
                return Err(ClientError::NotFound);
            }
            if queries::revoke(conn, org_id, id)? {
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
        .await
}

/// The token request as the handler read it off the HTTP request.
pub(super) struct TokenCall<'a> {
    /// Whether the body is `application/x-www-form-urlencoded`.
    pub(super) is_form: bool,
    pub(super) body: &'a [u8],
    /// Client id and secret from HTTP Basic authentication, if sent.
    pub(super) basic: Option<(String, String)>,
}

/// Exchanges client credentials for an access token; a refusal is
/// [`ClientError::Refused`].
pub(super) async fn issue_token(
    state: &AppState,
    client: &ClientContext,
    call: TokenCall<'_>,
) -> Result<TokenResponse, ClientError> {
    ratelimit::check(&state.db, &[(TOKENS_PER_IP, client.ip_key())]).await?;
    if !call.is_form {
        return Err(OAuthRefusal::NotAForm.into());
    }
    let form = serde_urlencoded::from_bytes::<TokenRequest>(call.body)
        .map_err(|_| OAuthRefusal::UnreadableForm)?;
    if form.grant_type.as_deref() != Some("client_credentials") {
        return Err(OAuthRefusal::UnsupportedGrant.into());
    }
    let (client_id, secret) = match (call.basic, form.client_id, form.client_secret) {
        (Some(credentials), None, None) => credentials,
        (None, Some(id), Some(secret)) => (id, secret),
        (Some(_), _, _) => return Err(OAuthRefusal::CredentialsTwice.into()),
        _ => return Err(OAuthRefusal::InvalidClient.into()),
    };
    let requested = form
        .scope
        .as_deref()
        .map(scopes::parse_list)
        .transpose()
        .map_err(OAuthRefusal::UnknownScope)?;
    let keys = state.keys()?;
    let lookup = client_id.clone();
    let found = state
        .db
        .data()
        .api_client_holder(client_id, move |conn| {
            Ok::<_, ClientError>(model::by_public_id(conn, &lookup)?)
        })
        .await?;
    // Unknown, revoked and wrong secret answer alike.
    let found = found
        .filter(|c| c.revoked_at.is_none() && secret_matches(c, &secret))
        .ok_or(OAuthRefusal::InvalidClient)?;
    let allowed = stored_scopes(&found)?;
    let granted = match requested {
        None => allowed,
        Some(list) if list.iter().all(|s| allowed.contains(s)) && !list.is_empty() => list,
        Some(_) => return Err(OAuthRefusal::ScopeNotAllowed.into()),
    };
    let org_id = found.org_id;
    let id = found.id;
    // A client of a deleted organisation gets no more tokens, like a revoked one.
    let active = state
        .db
        .data()
        .global(move |conn| {
            enter_tenant(conn, TenantContext::new(org_id, None))?;
            if !model::is_active(conn, org_id, id)? {
                return Ok::<_, ClientError>(false);
            }
            queries::mark_used(conn, org_id, id)?;
            Ok(true)
        })
        .await?;
    if !active {
        return Err(OAuthRefusal::InvalidClient.into());
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
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer",
        expires_in: token::LIFETIME_SECS,
        scope: scopes::join(&granted),
    })
}

/// Compares the secret's hash with the stored one in constant time.
fn secret_matches(client: &ApiClient, secret: &str) -> bool {
    tokens::equal(
        &hex::encode(&client.secret_hash),
        &hex::encode(tokens::hash(secret)),
    )
}

/// The client's scopes; one this build does not know fails loudly rather than being dropped.
fn stored_scopes(client: &ApiClient) -> Result<Vec<Scope>, ClientError> {
    client
        .scopes
        .iter()
        .map(|raw| {
            Scope::parse(raw).ok_or_else(|| ClientError::UnknownStoredScope {
                client: client.id,
                scope: raw.clone(),
            })
        })
        .collect()
}

/// The published public keys, making the first key when there is none yet.
pub(super) async fn published_keys(
    state: &AppState,
) -> Result<Vec<serde_json::Value>, ClientError> {
    let keys = state.keys()?;
    let mut published = keys.published().await?;
    if published.is_empty() {
        keys.rotate_if_due().await?;
        published = keys.published().await?;
    }
    Ok(published)
}
