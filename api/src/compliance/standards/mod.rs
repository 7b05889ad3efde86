//! The standards Vigil knows by name. Results keep the code (`NSQHS-3`) as sent, so an engine
//! may post a standard missing here; it is then shown by its code alone.
//!
//! Layers: `routes` (the catalogue endpoint) → `catalogue` (the constant list and the lookup
//! results use for `standard_name`). Nothing here reads the database or can fail, so there is
//! no service, query or error layer.

mod catalogue;
mod dto;
mod routes;

pub(crate) use catalogue::name_of;
pub use dto::{Standard, StandardList};
pub(crate) use routes::list_compliance_standards;
