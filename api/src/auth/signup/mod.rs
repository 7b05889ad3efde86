//! Self-service signup and email verification: a new organisation, its owner (unverified),
//! the owner membership, the organisation's storage folders, audit events and the verification
//! email, all or nothing; then the link from that email, and sending it again.
//!
//! Layers: `routes` (extract, call the service, answer) → `service` (the rules: CAPTCHA, rate
//! limits, one transaction per change, emails and audit events) → `queries`. The service fails
//! with [`SignupError`], turned into the problem response once, at each handler's `?`.

mod dto;
mod error;
mod queries;
mod routes;
mod service;

pub use dto::{
    EmailVerified, ResendVerificationRequest, SignupAccepted, SignupRequest, VerifyEmailRequest,
};
pub use error::SignupError;
pub use routes::{resend_verification, signup, verify_email};
