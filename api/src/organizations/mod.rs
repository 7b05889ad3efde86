//! Organisations: profile and settings, branding, members and roles, onboarding, the switcher
//! and the administrators' dashboard.

pub mod branding;
pub mod create;
pub mod dashboard;
pub mod members;
pub mod model;
pub mod onboarding;
pub mod profile;
pub mod purge;
pub use vigil_core::roles;
pub mod seats;
pub mod security;
pub mod switcher;

/// The organisation routes. Who may call each is declared in `crate::authz::operations`.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create::create_organization)
        .service(switcher::list_my_organizations)
        .service(switcher::switch_organization)
        .service(branding::get_logo)
        .service(
            utoipa_actix_web::scope("/api/v1/organizations/{org_id}")
                .service(profile::get_organization)
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
                .service(dashboard::get_dashboard)
                .service(security::get_security_policy)
                .service(security::update_security_policy)
                .service(onboarding::get_onboarding)
                .service(onboarding::skip_onboarding_step)
                .service(crate::invitations::manage::create_invitations)
                .service(crate::invitations::manage::list_invitations)
                .service(crate::invitations::manage::resend_invitation)
                .service(crate::invitations::manage::revoke_invitation)
                .service(crate::clients::routes::create_api_client)
                .service(crate::clients::routes::list_api_clients)
                .service(crate::clients::routes::revoke_api_client)
                .service(crate::documents::routes::upload_document)
                .service(crate::documents::routes::list_documents)
                .service(crate::documents::routes::get_document)
                .service(crate::documents::routes::download_document)
                .service(crate::documents::routes::delete_document)
                .service(crate::compliance::routes::create_compliance_result)
                .service(crate::compliance::routes::list_document_compliance_results)
                .service(crate::compliance::routes::list_compliance_results)
                .service(crate::compliance::routes::get_compliance_result)
                .service(crate::reports::routes::create_report)
                .service(crate::reports::routes::list_reports)
                .service(crate::reports::routes::get_report)
                .service(crate::reports::routes::download_report)
                .service(crate::audit::routes::list_audit_events)
                .service(crate::audit::routes::verify_audit_chain),
        );
}
