//! Compliance results: written by the compliance engine (or staff) per document and standard,
//! kept as a row and as the raw JSON under the organisation's `compliance-results/` folder.
//!
//! Layers: `routes` (HTTP: extract, call the service, answer) → `service` (the rules: the
//! document and reviewer checked, the file then the row and its audit record in one
//! transaction, edits audited field by field; `rules` checks the fields) → `queries` (its
//! statements). The service fails with [`ComplianceError`], turned into the problem response
//! once, at each handler's `?`.

mod dto;
mod error;
mod queries;
mod routes;
mod rules;
mod service;

pub use dto::{
    ComplianceResultList, ComplianceResultResponse, ComplianceResultSort, NewComplianceResult,
    ResultQuery, UpdateComplianceResult,
};
pub use error::ComplianceError;
pub(crate) use routes::{
    create_compliance_result, get_compliance_result, list_compliance_results,
    list_document_compliance_results, update_compliance_result,
};
