//! Sign-in (password, then a second factor when the person has one: TOTP, a passkey or a
//! recovery code; or a passkey alone), sign-out and the current session.
//!
//! Every attempt is recorded. Wrong email, wrong password and a locked account answer
//! identically and take the same time (one argon2id verification each); an unverified or
//! disabled account is told so only once its password is right.
//!
//! Layers: `routes` (HTTP: extract, call the service, set the cookies, answer) → `service` (the
//! rules: the hash, recording every attempt, opening the session; `checks` runs everything
//! before the password, rate limits and lockout counters, in one transaction;
//! `second_factor` offers and checks a passkey after the password; `passwordless` signs in
//! with a passkey alone) → `queries` (its own statements; the shared ones are in `lockout`,
//! `activity`, `devices`, `mfa`, `passkeys`, `sessions` and `users`). The service fails with [`LoginError`], turned
//! into the problem response once, at each handler's `?`.

mod checks;
mod dto;
mod error;
mod passwordless;
mod queries;
mod routes;
mod second_factor;
mod service;

pub use dto::{
    LoginRequest, MfaLoginRequest, MfaRequired, PasskeySignInOptions, PasskeySignInRequest,
    SecondFactor,
};
pub use error::LoginError;
pub use routes::{get_session, login, login_mfa, logout, passkey_sign_in, start_passkey_sign_in};
