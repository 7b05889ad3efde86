//! Organisations: profile, members and roles, onboarding.

pub mod members;
pub mod model;
pub mod onboarding;
pub mod roles;

use actix_web::middleware::from_fn;

use crate::http::auth::require_membership;

/// Routes under `/api/v1/organizations/{org_id}`, all behind the membership guard.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(
        utoipa_actix_web::scope("/api/v1/organizations/{org_id}")
            .wrap(from_fn(require_membership))
            .service(onboarding::get_onboarding)
            .service(onboarding::skip_onboarding_step),
    );
}
