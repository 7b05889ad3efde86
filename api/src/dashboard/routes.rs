//! The dashboard endpoint: calls [`service`] and answers.

use actix_web::{HttpResponse, get, web};

use crate::authz::PersonGrant;
use crate::dashboard::dto::Dashboard;
use crate::dashboard::service;
use crate::error::AppError;
use crate::http::problem::responses;
use crate::state::AppState;

/// The organisation at a glance (owners and administrators).
#[utoipa::path(
    tag = "organizations",
    params(("org_id" = uuid::Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "Dashboard", body = Dashboard),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/dashboard")]
pub(crate) async fn get_dashboard(
    state: web::Data<AppState>,
    access: PersonGrant,
) -> Result<HttpResponse, AppError> {
    let dashboard = service::get(&state, &access).await?;
    Ok(HttpResponse::Ok().json(dashboard))
}
