//! The scrape endpoint and the middleware that times every request.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::RunQueryDsl;
use prometheus::{Encoder, TextEncoder};
use subtle::ConstantTimeEq;

use super::{JobCount, OTHER_ROUTE, OldestPending};
use crate::error::AppError;
use crate::state::AppState;
use vigil_core::problem_code::ProblemCode;

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

    let metrics = &state.metrics;
    let pool = state.db.pool_state();
    metrics.pool_connections.set(i64::from(pool.connections));
    metrics.pool_idle.set(i64::from(pool.idle_connections));
    metrics
        .pool_max
        .set(i64::from(state.config.database.pool_size));

    // The outbox is read, not counted in process: a separate `vigil worker` may be sending.
    let (counts, oldest) = state
        .db
        .global(|conn| {
            let counts = diesel::sql_query(
                "SELECT status, count(*) AS count FROM background_jobs GROUP BY status",
            )
            .load::<JobCount>(conn)?;
            let oldest = diesel::sql_query(
                "SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(run_at)), 0)::float8 AS seconds
                   FROM background_jobs WHERE status = 'pending' AND run_at <= now()",
            )
            .get_result::<OldestPending>(conn)?;
            Ok((counts, oldest.seconds))
        })
        .await?;
    for status in ["pending", "running", "succeeded", "failed"] {
        let count = counts
            .iter()
            .find(|row| row.status == status)
            .map_or(0, |row| row.count);
        metrics.outbox_jobs.with_label_values(&[status]).set(count);
    }
    metrics.outbox_oldest_pending.set(oldest);

    let mut body = Vec::new();
    TextEncoder::new()
        .encode(&metrics.registry.gather(), &mut body)
        .map_err(|e| AppError::Unexpected(anyhow::Error::new(e)))?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(body))
}
