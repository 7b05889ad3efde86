//! Forgotten passwords: a single-use, one-hour link by email; using it sets a new password
//! and signs the person out everywhere.
//!
//! Layers: `routes` → `service` (CAPTCHA, rate limits, the link, one transaction for the
//! change and everything it ends) → `queries`. The service fails with [`ResetError`], turned
//! into the problem response once, at each handler's `?`.

mod dto;
mod error;
mod queries;
mod routes;
mod service;

pub use dto::{ForgotPasswordRequest, ResetPasswordRequest};
pub use error::ResetError;
pub use routes::{forgot_password, reset_password};
