//! The report endpoints: each extracts the request, calls [`service`] and answers; the
//! service's [`ReportError`](super::ReportError) becomes the problem response at the handler's
//! `?`.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use futures_util::TryStreamExt;
use uuid::Uuid;

use crate::authz::Grant;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::page::{Page, PageQuery};
use crate::http::problem::responses;
use crate::reports::dto::{CreateReportRequest, ReportList, ReportResponse};
use crate::reports::service;
use crate::state::AppState;

/// Asks for a report; it is built in the background (`status` becomes `ready`).
#[utoipa::path(
    tag = "reports",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    request_body = CreateReportRequest,
    responses(
        (status = 202, description = "Queued", body = ReportResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 429, response = responses::TooManyRequests),
    )
)]
#[post("/reports")]
pub(crate) async fn create_report(
    state: web::Data<AppState>,
    granted: Grant,
    client: ClientContext,
    body: Json<CreateReportRequest>,
) -> Result<HttpResponse, AppError> {
    let kind = body.into_inner().kind;
    let report = service::request(&state, granted, client, kind).await?;
    Ok(HttpResponse::Accepted().json(ReportResponse::from(&report)))
}

/// The organisation's reports, newest first.
#[utoipa::path(
    tag = "reports",
    params(("org_id" = Uuid, Path, description = "Organisation id"), PageQuery),
    responses(
        (status = 200, description = "A page of reports", body = ReportList),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/reports")]
pub(crate) async fn list_reports(
    state: web::Data<AppState>,
    granted: Grant,
    page: Page,
) -> Result<HttpResponse, AppError> {
    let list = service::list(&state, &granted, page).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// One report.
#[utoipa::path(
    tag = "reports",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("report_id" = Uuid, Path, description = "Report id"),
    ),
    responses(
        (status = 200, description = "The report", body = ReportResponse),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/reports/{report_id}")]
pub(crate) async fn get_report(
    state: web::Data<AppState>,
    granted: Grant,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let report = service::get(&state, &granted, id).await?;
    Ok(HttpResponse::Ok().json(ReportResponse::from(&report)))
}

/// Downloads a ready report (CSV). The download is audited.
#[utoipa::path(
    tag = "reports",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("report_id" = Uuid, Path, description = "Report id"),
    ),
    responses(
        (status = 200, description = "The CSV file", content_type = "text/csv"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 409, response = responses::Conflict),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[get("/reports/{report_id}/content")]
pub(crate) async fn download_report(
    state: web::Data<AppState>,
    granted: Grant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let (report, size, stream) = service::download(&state, granted, client, id).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", report.name),
        ))
        .insert_header((header::CONTENT_LENGTH, size))
        .streaming(stream.map_err(|e| actix_web::error::ErrorServiceUnavailable(e.to_string()))))
}
