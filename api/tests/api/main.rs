//! Integration tests: the real application against a real PostgreSQL (a database per test).

mod api_clients;
mod audit;
mod auth;
mod branding;
mod captcha;
mod compliance;
mod config;
mod documents;
mod email_delivery;
mod health;
mod helpers;
mod http_errors;
mod invitations;
mod isolation;
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
