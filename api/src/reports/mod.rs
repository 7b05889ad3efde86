//! Reports: a compliance summary or an audit-log export, built as CSV by the background worker
//! and stored under the organisation's `reports/` folder.
//!
//! Layers: `routes` (HTTP: extract, call the service, answer) → `service` (the rules: who may
//! ask for and see audit-log reports, the rate limit, the row, its job and its audit record in
//! one transaction, downloads of ready reports only) → `queries` (its statements). The service
//! fails with [`ReportError`], turned into the problem response once, at each handler's `?`.
//! `generate` is the worker's side: building the CSV and marking the report ready or failed.

mod dto;
mod error;
pub mod generate;
mod queries;
mod routes;
mod service;

pub use dto::{CreateReportRequest, ReportList, ReportResponse};
pub use error::ReportError;
pub use vigil_core::reports::{ReportFormat, ReportKind};
pub use vigil_data::models::reports::Report;

/// Its routes under `/api/v1/organizations/{org_id}`, mounted by `routes::all`.
pub fn org_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::create_report)
        .service(routes::list_reports)
        .service(routes::get_report)
        .service(routes::download_report);
}
