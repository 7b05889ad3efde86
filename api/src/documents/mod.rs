//! An organisation's documents: streamed uploads typed by content and scanned for malware,
//! stored under `organizations/{org_id}/documents/`, with every access audited.
//!
//! Layers: `routes` (HTTP: extract, call the service, answer) → `service` (the rules: blob then
//! row, who may delete, the audit record in each transaction; `intake` streams, scans and
//! types an upload) → `queries` (its statements). The service fails with [`DocumentError`],
//! turned into the problem response once, at each handler's `?`. `kinds`, `scanner` and
//! `sweeper` are the content typing, the ClamAV client and the orphan-file sweep.

mod dto;
mod error;
mod intake;
pub mod kinds;
mod queries;
mod routes;
mod scanner;
mod service;
pub mod sweeper;

pub use dto::{DocumentList, DocumentQuery, DocumentResponse, DocumentSort};
pub use error::DocumentError;
pub use queries::{CountedPage, counted_page_of};
pub use scanner::ScanError;
pub use vigil_data::models::documents::Document;

/// Its routes under `/api/v1/organizations/{org_id}`, mounted by `routes::all`.
pub fn org_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::upload_document)
        .service(routes::list_documents)
        .service(routes::get_document)
        .service(routes::download_document)
        .service(routes::delete_document);
}
