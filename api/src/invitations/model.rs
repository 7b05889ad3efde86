//! Invitations: the row and its lookups, from the data layer. Each sub-feature turns a missing
//! row into its own error.

pub(crate) use vigil_core::invitations::InvitationStatus;
pub(crate) use vigil_data::models::invitations::{
    Invitation, find, for_org, is_member, lock, open_for_email, pending_count,
};
