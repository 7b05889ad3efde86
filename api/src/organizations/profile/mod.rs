//! The organisation's profile and settings, its deletion (with a grace period) and restoration.
//!
//! Layers: `routes` (extract, call the service, answer) → `service` (one tenant transaction
//! each, with its audit record) → `queries`; `changes` checks a change request field by field
//! and describes what changed for the audit trail. The service fails with [`ProfileError`].

mod changes;
mod dto;
mod error;
mod queries;
mod routes;
mod service;

pub use changes::MAX_INVITATION_TTL_HOURS;
pub use dto::{Address, DeletionScheduled, OrganizationResponse, UpdateOrganizationRequest};
pub use error::ProfileError;
pub(crate) use routes::{
    delete_organization, get_organization, restore_organization, update_organization,
};
