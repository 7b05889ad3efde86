//! RFC 9457 `application/problem+json` for every error the service answers.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::{Deserialize, Serialize};
use utoipa::{ToResponse, ToSchema};

use super::request_id;
use crate::error::{AppError, FieldErrors};
use vigil_core::problem_code::ProblemCode;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem document. `code` is stable and meant for programs to switch on;
/// `title` and `detail` are for people.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:vigil:problem:validation-failed",
    "title": "Validation failed",
    "status": 422,
    "detail": "email: must be a valid email address",
    "code": "validation-failed",
    "errors": {"email": ["must be a valid email address"]},
    "request_id": "3f1c2a9e-7d4b-4f0e-9a51-0c2b7f3e8d11"
}))]
pub struct Problem {
    /// A URI naming the problem type: `urn:vigil:problem:{code}`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine-readable code.
    pub code: ProblemCode,
    /// Field → messages, for validation problems.
    #[serde(default, skip_serializing_if = "FieldErrors::is_empty")]
    pub errors: FieldErrors,
    /// The request id (also in the `X-Request-Id` header), to quote to support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl Problem {
    pub fn new(status: StatusCode, code: ProblemCode, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("urn:vigil:problem:{code}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: Some(detail.into()),
            code,
            errors: FieldErrors::new(),
            request_id: request_id::current(),
        }
    }

    #[must_use]
    pub fn with_errors(mut self, errors: FieldErrors) -> Self {
        self.errors = errors;
        self
    }

    pub fn response(&self) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        HttpResponse::build(status)
            .content_type(PROBLEM_JSON)
            .json(self)
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::Gone { .. } => StatusCode::GONE,
            AppError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::ServiceUnavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let problem = match self {
            AppError::BadRequest { code, detail }
            | AppError::Unauthorized { code, detail }
            | AppError::Forbidden { code, detail }
            | AppError::NotFound { code, detail }
            | AppError::Conflict { code, detail }
            | AppError::Gone { code, detail }
            | AppError::ServiceUnavailable { code, detail } => Problem::new(status, *code, detail),
            AppError::Validation {
                code,
                detail,
                errors,
            } => Problem::new(status, *code, detail).with_errors(errors.clone()),
            AppError::PayloadTooLarge { .. } => {
                Problem::new(status, ProblemCode::PayloadTooLarge, self.to_string())
            }
            AppError::UnsupportedMediaType { detail } => {
                Problem::new(status, ProblemCode::UnsupportedMediaType, detail)
            }
            AppError::TooManyRequests { retry_after_secs } => Problem::new(
                status,
                ProblemCode::TooManyRequests,
                format!("Too many attempts. Please wait {retry_after_secs} seconds and try again."),
            ),
            AppError::Unexpected(error) => {
                // The cause goes to the log only; the body says nothing about it.
                tracing::error!(error = ?error, "unexpected error");
                Problem::new(
                    status,
                    ProblemCode::InternalError,
                    "Something went wrong on our side. It has been logged; please retry, or contact support quoting the request id.",
                )
            }
        };
        let mut response = problem.response();
        if let AppError::TooManyRequests { retry_after_secs } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

/// The documented paths and their methods, to tell "no such route" (404) from "wrong method"
/// (405 with `Allow`): actix routes by method guard, so both otherwise fall through as 404.
#[derive(Debug, Default)]
pub struct RouteIndex {
    routes: Vec<(Vec<String>, Vec<String>)>,
}

impl RouteIndex {
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Self {
        let mut routes: Vec<(Vec<String>, Vec<String>)> = Vec::new();
        // Operations come path by path, so a path's methods are consecutive.
        for (path, method, _) in crate::http::openapi_walk::document_operations(doc) {
            let segments: Vec<String> = path.split('/').map(str::to_owned).collect();
            match routes.last_mut() {
                Some((last, methods)) if *last == segments => methods.push(method.to_string()),
                _ => routes.push((segments, vec![method.to_string()])),
            }
        }
        Self { routes }
    }

    /// Methods allowed on `path`, if it is a documented route.
    pub fn allowed(&self, path: &str) -> Option<&[String]> {
        let wanted: Vec<&str> = path.split('/').collect();
        self.routes.iter().find_map(|(pattern, methods)| {
            let matches = pattern.len() == wanted.len()
                && pattern.iter().zip(&wanted).all(|(p, w)| {
                    p == w || (p.starts_with('{') && p.ends_with('}') && !w.is_empty())
                });
            matches.then_some(methods.as_slice())
        })
    }
}

/// Answers requests no route took: 405 with `Allow` when the path exists, else 404.
#[allow(clippy::unused_async)] // actix's default service takes an async handler
pub async fn route_not_found(req: HttpRequest) -> HttpResponse {
    let allowed = req
        .app_data::<actix_web::web::Data<RouteIndex>>()
        .and_then(|index| index.allowed(req.path()).map(|m| m.join(", ")));
    match allowed {
        Some(methods) => {
            let mut response = Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ProblemCode::MethodNotAllowed,
                format!(
                    "{} is not allowed on {}; use {methods}.",
                    req.method(),
                    req.path()
                ),
            )
            .response();
            if let Ok(value) = HeaderValue::from_str(&methods) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            response
        }
        None => AppError::NotFound {
            code: ProblemCode::RouteNotFound,
            detail: format!("There is no {} {}.", req.method(), req.path()),
        }
        .error_response(),
    }
}

/// Turns error responses that are not problem+json yet (actix's own 404/405, a handler's bare
/// status) into problem documents, keeping their headers. Runs inside the request-id scope, so
/// every problem carries the request id. (Middleware in this crate answers errors as responses
/// rather than `Err`, so they pass through here too.)
pub async fn ensure_problem_json(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let res = next.call(req).await?.map_into_left_body();
    let status = res.status();
    // JSON error bodies are deliberate (problem+json, or OAuth's RFC 6749 errors); others are not.
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON) || v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return Ok(res);
    }
    let (code, detail) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            ProblemCode::MethodNotAllowed,
            format!("{} is not allowed here.", res.request().method()),
        ),
        StatusCode::NOT_FOUND => (ProblemCode::NotFound, "Nothing was found here.".to_owned()),
        StatusCode::PAYLOAD_TOO_LARGE => (
            ProblemCode::PayloadTooLarge,
            "The request body is too large.".to_owned(),
        ),
        _ if status.is_server_error() => (
            ProblemCode::InternalError,
            "Something went wrong on our side; please retry.".to_owned(),
        ),
        _ => (
            ProblemCode::RequestFailed,
            status
                .canonical_reason()
                .unwrap_or("The request failed")
                .to_owned(),
        ),
    };
    let problem = Problem::new(status, code, detail);
    Ok(res.map_body(|head, _old_body| {
        head.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        head.headers_mut().remove(header::CONTENT_LENGTH);
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        EitherBody::right(BoxBody::new(body))
    }))
}

/// Reusable OpenAPI responses, all carrying a [`Problem`].
pub mod responses {
    use super::{Problem, ToResponse};

    macro_rules! problem_response {
        ($name:ident, $description:literal) => {
            #[derive(ToResponse)]
            #[response(description = $description, content_type = "application/problem+json")]
            #[allow(dead_code)]
            pub struct $name(Problem);
        };
    }

    problem_response!(
        BadRequest,
        "The request is malformed (for example invalid JSON)."
    );
    problem_response!(
        Unauthorized,
        "Authentication is missing or no longer valid."
    );
    problem_response!(Forbidden, "Authenticated, but not allowed to do this.");
    problem_response!(
        NotFound,
        "No such resource in this organisation (other organisations' resources also answer 404)."
    );
    problem_response!(Conflict, "The request conflicts with the current state.");
    problem_response!(Gone, "The link or token is no longer usable.");
    problem_response!(PayloadTooLarge, "The request body is too large.");
    problem_response!(
        UnsupportedMediaType,
        "The request body has the wrong content type."
    );
    problem_response!(
        UnprocessableEntity,
        "The input breaks a rule; `errors` names each field."
    );
    problem_response!(
        TooManyRequests,
        "Rate limited; the `Retry-After` header says when to retry."
    );
    problem_response!(
        InternalError,
        "Unexpected error; the cause is logged, not returned."
    );
    problem_response!(
        ServiceUnavailable,
        "A dependency (database, storage) is unavailable; retry later."
    );
}
