//! Creating an organisation: by signup (a new owner) or by a signed-in person (another
//! organisation of theirs). The storage folders come first; if the database work then fails,
//! they are removed again, so nothing is half-created.
//!
//! Layers: `routes` (extract, call the service, answer) → `service` (the name, the rate limit,
//! the folders and one tenant transaction with the audit records). Its rows are written by
//! `model::insert` and `members::add`, so it has no queries of its own. The service fails with
//! [`CreateOrganizationError`]; signup shares [`insert_with_owner`] and [`with_folders`].

mod dto;
mod error;
pub(crate) mod routes;
mod service;

pub use dto::CreateOrganizationRequest;
pub use error::CreateOrganizationError;
pub(crate) use routes::create_organization;
pub use service::{insert_with_owner, with_folders};
