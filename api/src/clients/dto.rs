//! What the API client endpoints read and answer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::clients::model::ApiClient;
use vigil_core::scopes::Scope;

#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) struct ApiClientResponse {
    id: Uuid,
    name: String,
    /// The public client id for `/oauth/token`.
    client_id: String,
    scopes: Vec<String>,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    /// Only in the answer that created the client: store it now, it is not shown again.
    #[serde(skip_serializing_if = "Option::is_none")]
    client_secret: Option<String>,
}

impl ApiClientResponse {
    pub(super) fn new(client: &ApiClient, secret: Option<String>) -> Self {
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
pub(crate) struct CreateApiClientRequest {
    #[schema(example = "Compliance engine")]
    pub(super) name: String,
    /// documents:read, documents:write, compliance-results:read, compliance-results:write,
    /// reports:read, reports:write
    pub(super) scopes: Vec<Scope>,
}

/// `application/x-www-form-urlencoded` body of the token request.
#[derive(Deserialize, ToSchema)]
pub(crate) struct TokenRequest {
    /// Must be `client_credentials`.
    pub(super) grant_type: Option<String>,
    /// With `client_secret`, unless sent by HTTP Basic authentication.
    pub(super) client_id: Option<String>,
    pub(super) client_secret: Option<String>,
    /// Space-separated; defaults to all the client's scopes. Must be a subset of them.
    pub(super) scope: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct TokenResponse {
    pub(super) access_token: String,
    /// Always `Bearer`.
    pub(super) token_type: &'static str,
    /// Seconds (600).
    pub(super) expires_in: i64,
    pub(super) scope: String,
}

/// An RFC 6749 §5.2 error.
#[derive(Serialize, ToSchema)]
pub(crate) struct OAuthError {
    /// invalid_request, invalid_client, unsupported_grant_type, invalid_scope
    pub(super) error: &'static str,
    pub(super) error_description: String,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct Jwks {
    /// Public keys (OKP / Ed25519) by `kid`.
    #[schema(value_type = Vec<Object>)]
    pub(super) keys: Vec<serde_json::Value>,
}
