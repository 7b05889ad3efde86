//! Vigil: the multi-tenant foundation of a compliance platform for Australian healthcare
//! organisations. This crate is the JSON REST API; `main.rs` is its command line.

pub mod access_tokens;
pub mod audit;
pub mod audit_log;
pub mod auth;
pub mod authz;
pub mod captcha;
pub mod clients;
pub mod compliance;
pub mod config;
pub mod crypto;
pub mod dashboard;
pub mod db;
pub mod documents;
pub mod domain;
pub mod email;
pub mod error;
pub mod health;
pub mod http;
pub mod identity;
pub use vigil_core::ids;
pub mod invitations;
pub mod jobs;
pub mod metrics;
pub mod openapi;
pub mod organizations;
pub mod outbox;
pub mod ratelimit;
pub mod reports;
pub mod routes;
pub mod startup;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod tokens;
pub mod web_app;

/// The browser session cookie. `__Host-` binds it to this origin, Secure, Path=/.
pub const SESSION_COOKIE_NAME: &str = "__Host-vigil_session";
