//! Reports: a compliance summary or an audit-log export, built as CSV by the background worker
//! and stored under the organisation's `reports/` folder.

pub mod generate;
pub mod model;
pub mod routes;

/// Its routes under `/api/v1/organizations/{org_id}`, mounted by `routes::all`.
pub fn org_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::create_report)
        .service(routes::list_reports)
        .service(routes::get_report)
        .service(routes::download_report);
}
