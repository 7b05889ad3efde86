//! Compliance results per document and standard.

pub mod model;
pub mod routes;
