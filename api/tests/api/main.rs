//! Integration tests: the real application against a real PostgreSQL (a database per test).

mod config;
mod health;
mod helpers;
mod http_errors;
mod migrations;
mod openapi;
mod schema;
mod storage;
mod tenancy;
