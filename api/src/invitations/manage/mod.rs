//! Managing invitations (owners and administrators): inviting one or up to 50 people at once,
//! listing, resending and revoking.
//!
//! Layers: `routes` (extract, call the service, answer) → `service` (the rules: who may invite
//! whom, each address on its own against the domains, members, open invitations and seats,
//! one transaction per request, the emails and audit events) → `queries`. The service fails
//! with [`InvitationError`](error::InvitationError), turned into the problem response once, at each handler's `?`.

mod dto;
mod error;
mod queries;
mod routes;
mod service;

pub(super) use routes::{
    create_invitations, list_invitations, resend_invitation, revoke_invitation,
};
