//! API clients and the OAuth token endpoint.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;
use vigil_core::scopes::Scope;

/// `ApiClientResponse`.
#[derive(Deserialize, Debug, Clone)]
pub struct ApiClient {
    pub id: Uuid,
    pub name: String,
    /// The public client id for `/oauth/token`.
    pub client_id: String,
    pub scopes: Vec<Scope>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Only in the answer that created the client.
    pub client_secret: Option<String>,
}

/// `TokenResponse`.
#[derive(Deserialize, Debug, Clone)]
pub struct AccessToken {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: i64,
    /// Space-separated.
    pub scope: String,
}

/// `OAuthError`: the token endpoint's errors (RFC 6749), not problem documents.
#[derive(Deserialize, Debug, Clone)]
pub struct OAuthError {
    pub error: String,
    pub error_description: String,
}

/// The published token-signing keys (`/.well-known/jwks.json`).
#[derive(Deserialize, Debug, Clone)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

/// A public key of [`Jwks`].
#[derive(Deserialize, Debug, Clone)]
pub struct Jwk {
    pub kty: String,
    pub kid: String,
    /// The public key, base64url.
    pub x: String,
}
