//! Organisations: profile and settings, branding, members and roles, onboarding and the
//! switcher. The administrators' dashboard, which reads across features, is `crate::dashboard`.

pub mod branding;
pub mod create;
pub mod members;
pub mod model;
pub mod onboarding;
pub mod policy;
pub mod profile;
pub mod purge;
pub use vigil_core::roles;
pub mod seats;
pub mod security;
pub mod switcher;

/// The organisation routes outside an organisation. Who may call each operation is declared
/// in `crate::authz::operations`.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create::create_organization)
        .service(switcher::list_my_organizations)
        .service(switcher::switch_organization)
        .service(branding::get_logo);
}

/// Its routes under `/api/v1/organizations/{org_id}`, mounted by `routes::all`.
pub fn org_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(profile::get_organization)
        .service(profile::update_organization)
        .service(profile::delete_organization)
        .service(profile::restore_organization)
        .service(branding::update_branding)
        .service(branding::upload_logo)
        .service(branding::delete_logo)
        .service(members::list_members)
        .service(members::update_member)
        .service(members::leave_organization)
        .service(members::remove_member)
        .service(security::get_security_policy)
        .service(security::update_security_policy)
        .service(onboarding::get_onboarding)
        .service(onboarding::skip_onboarding_step);
}
