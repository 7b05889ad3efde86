//! API clients for third parties (the compliance engine): OAuth 2.0 client credentials, short
//! JWT access tokens with organisation and scopes, and the published signing keys.

pub mod keys;
pub mod model;
pub mod routes;
pub use vigil_core::scopes;
pub mod token;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::issue_token).service(routes::get_jwks);
}
