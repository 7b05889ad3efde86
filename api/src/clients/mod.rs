//! API clients for third parties (the compliance engine): OAuth 2.0 client credentials, short
//! JWT access tokens with organisation and scopes, and the published signing keys.

pub mod keys;
pub mod model;
pub mod routes;
pub use vigil_core::scopes;
pub mod token;

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
