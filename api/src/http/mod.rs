//! Cross-cutting HTTP concerns: request ids, security headers, problem+json, JSON bodies.

pub mod auth;
pub mod client;
pub mod headers;
pub mod json;
pub mod multipart;
pub mod openapi_walk;
pub mod page;
pub mod problem;
pub mod request_id;

use actix_web::http::Method;
use actix_web::web;

use crate::error::AppError;
use vigil_core::problem_code::ProblemCode;

/// Methods that change state: they need the CSRF token and an allowed `Origin`.
pub fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Path parameters that do not parse (a malformed id) name nothing that exists: 404.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error, req| {
        tracing::debug!(error = %error, "path parameters rejected");
        AppError::NotFound {
            code: ProblemCode::NotFound,
            detail: format!("There is nothing at {}.", req.path()),
        }
        .into()
    })
}

/// Query strings that do not parse: 400 naming the problem.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _req| {
        AppError::BadRequest {
            code: ProblemCode::InvalidQuery,
            detail: format!("The query string is invalid: {error}."),
        }
        .into()
    })
}
