//! API clients for third parties (the compliance engine): OAuth 2.0 client credentials, short
//! JWT access tokens with organisation and scopes, and the published signing keys.
//!
//! Layers: `routes` (extract, call the service, answer; the token endpoint's refusals in
//! RFC 6749's form) → `service` (the rules: names and scopes, the secret shown once, revocation,
//! the credential check and the scopes a token may carry) → `queries`. The service fails with
//! [`ClientError`](error::ClientError), turned into the problem response once, at each
//! handler's `?`. `model` (the row and its lookups) is shared with the rest of the service; the
//! signing key ring and the access token itself are `crate::access_tokens`.

mod dto;
mod error;
pub mod model;
mod queries;
mod routes;
mod service;
pub use vigil_core::scopes;

/// Its routes under `/api/v1/organizations/{org_id}`, mounted by `routes::all`.
pub fn org_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::create_api_client)
        .service(routes::list_api_clients)
        .service(routes::revoke_api_client);
}

/// Its routes outside an organisation: the token endpoint and the published keys.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::issue_token).service(routes::get_jwks);
}
