//! The scrape endpoint and the middleware that times every request.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use subtle::ConstantTimeEq;

use crate::error::AppError;
use crate::state::AppState;
use vigil_core::problem_code::ProblemCode;

/// Route label for requests no API route matched (web app pages, unknown paths): one label,
/// so arbitrary paths cannot grow the number of series.
const OTHER_ROUTE: &str = "(other)";

/// Times every request and counts it under its route pattern (`/api/v1/organizations/{org_id}`),
/// never the raw path.
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let route = req
        .match_pattern()
        .unwrap_or_else(|| OTHER_ROUTE.to_owned());
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let response = next.call(req).await?;
    if let Some(state) = state {
        state.metrics.observe_request(
            method.as_str(),
            &route,
            response.status().as_u16(),
            started.elapsed().as_secs_f64(),
        );
    }
    Ok(response)
}

/// Prometheus scrape endpoint. Off unless enabled; with a token configured, it must be sent as
/// `Authorization: Bearer <token>`.
pub async fn scrape(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let config = &state.config.metrics;
    if !config.served(&state.config.http.public_url) {
        return Err(AppError::not_found("The page"));
    }
    if let Some(token) = &config.token {
        let presented = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !bool::from(presented.as_bytes().ct_eq(token.expose().as_bytes())) {
            return Err(AppError::Unauthorized {
                code: ProblemCode::MetricsTokenRequired,
                detail: "Send the metrics token as `Authorization: Bearer <token>`.".into(),
            });
        }
    }

    let body = state
        .metrics
        .gather(&state.db, state.config.database.pool_size)
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(body))
}
