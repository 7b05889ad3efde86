//! The administrators' dashboard: the organisation at a glance. Routes → service → queries,
//! with its own [`DashboardError`].

mod dto;
mod error;
mod queries;
mod routes;
mod service;

pub use dto::{Dashboard, MemberCounts, SecuritySummary};
pub use error::DashboardError;

/// Its route under `/api/v1/organizations/{org_id}`, mounted by `routes::all`.
pub fn org_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::get_dashboard);
}
