//! Reports: a compliance summary or an audit-log export, built as CSV by the background worker
//! and stored under the organisation's `reports/` folder.

pub mod generate;
pub mod model;
pub mod routes;
