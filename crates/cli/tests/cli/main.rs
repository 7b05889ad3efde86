#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.
//! Integration tests of the command's actions against a real PostgreSQL (a database per test).

mod backup;
mod bench;
mod legacy_import;
mod seed;
mod users;

use vigil_testkit as helpers;
