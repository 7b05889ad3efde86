//! Liveness and readiness probes, and the metrics scrape with the middleware that feeds it.

pub mod metrics;

use std::time::Duration;

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::http::problem::responses;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct HealthStatus {
    /// Always `ok` when the endpoint answers 200.
    pub status: &'static str,
}

/// The process is up and serving HTTP.
#[utoipa::path(
    tag = "health",
    responses((status = 200, description = "Alive", body = HealthStatus))
)]
#[get("/health/live")]
pub(crate) async fn get_liveness() -> HttpResponse {
    HttpResponse::Ok().json(HealthStatus { status: "ok" })
}

/// Ready to serve traffic: a database connection answers within a second.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Ready", body = HealthStatus),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[get("/health/ready")]
pub(crate) async fn get_readiness(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    state.db.ping(Duration::from_secs(1)).await?;
    Ok(HttpResponse::Ok().json(HealthStatus { status: "ok" }))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_liveness).service(get_readiness);
}
