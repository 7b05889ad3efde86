//! Compliance results per document and standard, the standards catalogue and the dashboard's
//! summary.
//!
//! `results` and `standards` are layered features (see their own docs); `summary` and `today`
//! are the helpers the dashboard and the results share.

pub mod results;
pub mod standards;
mod summary;
mod today;

pub(crate) use summary::summary;
pub use summary::{ComplianceSummary, StatusCounts};
pub(crate) use today::today_for;
pub use vigil_core::compliance::{ComplianceStatus, Finding, Findings};

/// Its routes under `/api/v1/organizations/{org_id}`, mounted by `routes::all`.
pub fn org_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(results::create_compliance_result)
        .service(results::list_document_compliance_results)
        .service(results::list_compliance_results)
        .service(results::get_compliance_result)
        .service(results::update_compliance_result)
        .service(standards::list_compliance_standards);
}
