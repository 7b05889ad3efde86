//! The audit log as owners and administrators read it: the events, filtered and paged, and a
//! check of the hash chain. Recording is `crate::audit`, which every feature below uses.

pub mod routes;

pub use routes::AuditEventResponse;

/// Its routes under `/api/v1/organizations/{org_id}`, mounted by `routes::all`.
pub fn org_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_audit_events)
        .service(routes::verify_audit_chain);
}
