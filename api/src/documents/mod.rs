//! An organisation's documents: streamed uploads typed by content and scanned for malware,
//! stored under `organizations/{org_id}/documents/`, with every access audited.

pub mod kinds;
pub mod model;
pub mod routes;
pub mod scanner;
pub mod sweeper;

/// Its routes under `/api/v1/organizations/{org_id}`, mounted by `routes::all`.
pub fn org_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::upload_document)
        .service(routes::list_documents)
        .service(routes::get_document)
        .service(routes::download_document)
        .service(routes::delete_document);
}
