//! The organisation's security policy: MFA required of members, a stricter session idle timeout,
//! and the email domains invitations may go to. Routes → service → queries; the stored policy
//! and its API shape are in `policy`, which the guard and other features read.

mod error;
mod queries;
pub(crate) mod routes;
mod rules;
mod service;

pub use super::policy::{SecurityPolicy, SecurityPolicyBody, policy};
pub use error::SecurityPolicyError;
pub(crate) use routes::{get_security_policy, update_security_policy};
