//! Vigil: the multi-tenant foundation of a compliance platform for Australian healthcare
//! organisations. This crate is the JSON REST API; `main.rs` is its command line.

pub mod config;
pub mod db;
pub mod error;
pub mod health;
pub mod http;
pub mod ids;
pub mod openapi;
pub mod startup;
pub mod state;
pub mod storage;
pub mod telemetry;

/// The browser session cookie. `__Host-` binds it to this origin, Secure, Path=/.
pub const SESSION_COOKIE_NAME: &str = "__Host-vigil_session";
