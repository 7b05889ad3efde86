//! Compliance results per document and standard.

pub mod model;
pub mod routes;
pub mod standards;

/// Its routes under `/api/v1/organizations/{org_id}`, mounted by `routes::all`.
pub fn org_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::create_compliance_result)
        .service(routes::list_document_compliance_results)
        .service(routes::list_compliance_results)
        .service(routes::get_compliance_result)
        .service(routes::update_compliance_result)
        .service(standards::list_compliance_standards);
}
