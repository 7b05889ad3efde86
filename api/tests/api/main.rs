//! Integration tests: the real application against a real PostgreSQL (a database per test).

mod audit;
mod auth;
mod branding;
mod captcha;
mod config;
mod email_delivery;
mod health;
mod helpers;
mod http_errors;
mod invitations;
mod members;
mod migrations;
mod onboarding;
mod openapi;
mod organizations;
mod password_reset;
mod profile;
mod schema;
mod security;
mod signup;
mod storage;
mod tenancy;
