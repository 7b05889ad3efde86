//! The invitation link: a preview that never uses it up, and acceptance by a new user (who
//! sets a name and password) or by the existing account it was sent to.
//!
//! Layers: `routes` (extract, call the service, set the cookie, answer) → `service` (the rules:
//! the token as the credential, which link may still be used and by whom, one transaction for
//! the account, membership, audit events, email and session) → `queries`. The service fails
//! with [`AcceptError`](error::AcceptError), turned into the problem response once, at each
//! handler's `?`.

mod dto;
mod error;
mod queries;
mod routes;
mod service;

pub(super) use routes::{accept_invitation, preview_invitation};
