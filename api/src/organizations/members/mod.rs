//! Memberships: who belongs to an organisation, with which role; listing, role changes and
//! removal with last-owner protection.
//!
//! Layers: `routes` (extract, call the service, answer) → `service` (who may change whom, the
//! last-owner rule, one tenant transaction with its audit record) → `queries` (the statements;
//! the guard, seats, the dashboard, organisation creation and the CLI share the membership
//! ones). The service fails with [`MemberError`], turned into the problem response once.

mod dto;
mod error;
mod queries;
mod routes;
mod service;

pub use dto::{MemberList, MemberQuery, MemberResponse, UpdateMemberRequest};
pub use error::MemberError;
pub use queries::{active_member_count, add, add_many, count_by_role};
pub(crate) use routes::{leave_organization, list_members, remove_member, update_member};
