#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test support: a broken fixture should fail the test loudly"
)]
//! The test harness: a fresh database per test (cloned from a migrated template), the real
//! application on a random loopback port, and typed helpers to talk to both.
//!
//! `scripts/test` starts a throwaway PostgreSQL and Azurite and exports:
//! - `VIGIL_TEST_PG_SUPERUSER_URL`, `VIGIL_TEST_PG_OWNER_URL`, `VIGIL_TEST_PG_APP_URL`
//!   (server URLs without a database name);
//! - `VIGIL_TEST_AZURITE_ENDPOINT`, `VIGIL_TEST_AZURITE_CONTAINER`;
//! - `VIGIL_TEST_DB_POOLER=transaction` when the app URL goes through PgBouncer.

mod app;
mod auth;
mod db;
mod fake_http;
mod orgs;
mod passkey;
pub mod responses;
pub mod samples;
mod tenant;

pub use app::*;
pub use auth::*;
pub use db::*;
pub use fake_http::*;
pub use orgs::*;
pub use passkey::*;
pub use tenant::*;

/// An OpenAPI path template with its `{parameters}` filled in from `values`.
pub fn fill_path(template: &str, values: &std::collections::HashMap<&str, String>) -> String {
    let mut path = template.to_owned();
    for (name, value) in values {
        path = path.replace(&format!("{{{name}}}"), value);
    }
    assert!(
        !path.contains('{'),
        "no sample value for a parameter of {template}: add one to the sweep"
    );
    path
}
