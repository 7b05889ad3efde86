//! Sign-in (password, then TOTP when enrolled), sign-out and the current session.
//!
//! Every attempt is recorded. Wrong email, wrong password and a locked account answer
//! identically and take the same time (one argon2id verification each); an unverified or
//! disabled account is told so only once its password is right.
//!
//! Layers: `routes` (HTTP: extract, call the service, set the cookies, answer) → `service` (the
//! rules: the hash, recording every attempt, opening the session; `checks` runs everything
//! before the password, rate limits and lockout counters, in one transaction) → `queries` (its own statements; the shared ones are in `lockout`, `activity`,
//! `devices`, `mfa`, `sessions` and `users`). The service fails with [`LoginError`], turned
//! into the problem response once, at each handler's `?`.

mod checks;
mod dto;
mod error;
mod queries;
mod routes;
mod service;

pub use dto::{LoginRequest, MfaLoginRequest, MfaRequired, SessionResponse};
pub use error::LoginError;
pub use routes::{get_session, login, login_mfa, logout};
