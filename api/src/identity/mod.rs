//! Identity: the account model every feature builds on — users and their memberships,
//! sessions, passwords, second factors (TOTP, passkeys), lockout counters, trusted devices and
//! one-time tokens. No routes: the endpoints that use it are in `crate::auth`.

pub mod devices;
pub mod lockout;
pub mod mfa;
pub mod passkeys;
pub mod password;
pub mod session_response;
pub mod sessions;
pub mod user_tokens;
pub mod users;
