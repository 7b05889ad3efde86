//! The administrators' dashboard: the organisation at a glance. Routes → service → queries,
//! with its own [`DashboardError`].

mod dto;
mod error;
mod queries;
pub(crate) mod routes;
mod service;

pub use dto::{Dashboard, MemberCounts, SecuritySummary};
pub use error::DashboardError;
pub(crate) use routes::get_dashboard;
