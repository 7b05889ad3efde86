#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.
//! Integration tests: the real application against a real PostgreSQL (a database per test).

mod api_clients;
mod audit;
mod auth;
mod authorization;
mod branding;
mod captcha;
mod compliance;
mod config;
mod documents;
mod email_delivery;
mod fuzz;
mod health;
use vigil_testkit as helpers;
mod http_errors;
mod invitations;
mod isolation;
mod lockout;
mod members;
mod metrics;
mod migrations;
mod onboarding;
mod openapi;
mod organizations;
mod passkeys;
mod password_reset;
mod profile;
mod schema;
mod security;
mod signup;
mod step_up;
mod storage;
mod tenancy;
mod web_app;
