//! Invitations by email: 24-hour single-use links (stored hashed), resend, revoke, a public
//! preview and acceptance by new and existing users, and time-limited access.
//!
//! Sub-features, each `routes` → `service` → `queries` with its own error: `manage` (invite,
//! list, resend, revoke: owners and administrators) and `accept` (the link's preview and
//! acceptance). Both share `model` (the row and its lookups), `dto` (the invitation as
//! answered) and `email` (the invitation email, its wording and branding).

mod accept;
mod dto;
mod email;
mod manage;
mod model;

/// Its routes under `/api/v1/organizations/{org_id}`, mounted by `routes::all`.
pub fn org_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(manage::create_invitations)
        .service(manage::list_invitations)
        .service(manage::resend_invitation)
        .service(manage::revoke_invitation);
}

/// Its routes outside an organisation: the invitation link's preview and acceptance.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(accept::preview_invitation)
        .service(accept::accept_invitation);
}
