//! An organisation's documents: streamed uploads typed by content and scanned for malware,
//! stored under `organizations/{org_id}/documents/`, with every access audited.

pub mod kinds;
pub mod model;
pub mod routes;
pub mod scanner;
pub mod sweeper;
