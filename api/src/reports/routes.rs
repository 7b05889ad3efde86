//! Requesting, listing and downloading reports.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use diesel::prelude::*;
use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::model::{self, Report, ReportFormat, ReportKind, ReportResponse};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::{Grant, Permission};
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::page::{Page, PageQuery};
use crate::http::problem::responses;
use crate::jobs::{self, Job};
use crate::ratelimit::{self, Limit};
use crate::state::AppState;
use crate::storage::{Area, ObjectKey};
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::reports;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateReportRequest {
    pub kind: ReportKind,
    /// Only `csv` for now.
    pub format: ReportFormat,
}

const REPORTS_PER_ORG: Limit = Limit {
    name: "reports:org",
    max: 30,
    window_secs: 3_600,
};

fn not_found() -> AppError {
    AppError::NotFound {
        code: ProblemCode::ReportNotFound,
        detail: "No such report in this organisation.".into(),
    }
}

/// The organisation's reports this caller may see: reports built from the audit log only for
/// those who may read the audit log.
fn visible(grant: &Grant) -> reports::BoxedQuery<'static, diesel::pg::Pg> {
    let query = model::for_org(grant.org_id());
    if grant.holds(Permission::AuditLogRead) {
        query
    } else {
        query.filter(reports::kind.ne(ReportKind::AuditLog.as_str()))
    }
}

fn find(conn: &mut PgConnection, grant: &Grant, id: Uuid) -> Result<Report, AppError> {
    visible(grant)
        .filter(reports::id.eq(id))
        .select(Report::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(not_found)
}

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
    if kind == ReportKind::AuditLog {
        granted.also(Permission::AuditLogRead)?;
    }
    ratelimit::check(
        &state.db,
        &[(REPORTS_PER_ORG, granted.org_id().to_string())],
    )
    .await?;
    let org_id = granted.org_id();
    let id = Uuid::new_v4();
    let name = format!(
        "{}-{}.csv",
        kind.as_str().replace('_', "-"),
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    );
    let report = state
        .db
        .tenant(granted.tenant(), move |conn| {
            let report: Report = diesel::insert_into(reports::table)
                .values((
                    reports::org_id.eq(org_id.into_uuid()),
                    reports::id.eq(id),
                    reports::kind.eq(kind.as_str()),
                    reports::format.eq("csv"),
                    reports::name.eq(&name),
                    reports::requested_by_user.eq(granted.user_id().map(|u| u.into_uuid())),
                    reports::requested_by_client.eq(granted.client_id()),
                ))
                .returning(Report::as_returning())
                .get_result(conn)?;
            jobs::enqueue(
                conn,
                &Job::GenerateReport {
                    org_id: org_id.into_uuid(),
                    report_id: id,
                },
            )?;
            audit::record(
                conn,
                &AuditEvent::by(
                    org_id,
                    granted.actor(),
                    AuditAction::ReportRequested { kind },
                )
                .target("report", id),
                &client,
            )?;
            Ok(report)
        })
        .await?;
    Ok(HttpResponse::Accepted().json(ReportResponse::from(&report)))
}

#[derive(Serialize, ToSchema)]
pub struct ReportList {
    /// Newest first.
    pub items: Vec<ReportResponse>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
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
    let (limit, offset) = (page.limit, page.offset);
    let (rows, total) = state
        .db
        .tenant(granted.tenant(), move |conn| {
            let total: i64 = visible(&granted).count().get_result(conn)?;
            let rows: Vec<Report> = visible(&granted)
                .order((reports::created_at.desc(), reports::id.desc()))
                .limit(limit)
                .offset(offset)
                .select(Report::as_select())
                .load(conn)?;
            Ok((rows, total))
        })
        .await?;
    Ok(HttpResponse::Ok().json(ReportList {
        items: rows.iter().map(ReportResponse::from).collect(),
        total,
        limit,
        offset,
    }))
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
    let report = state
        .db
        .tenant(granted.tenant(), move |conn| find(conn, &granted, id))
        .await?;
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
    let org_id = granted.org_id();
    let report = state
        .db
        .tenant(granted.tenant(), move |conn| {
            let report = find(conn, &granted, id)?;
            if report.status != "ready" {
                return Err(AppError::Conflict {
                    code: ProblemCode::ReportNotReady,
                    detail: format!(
                        "This report is {}; it can be downloaded once it is ready.",
                        report.status
                    ),
                });
            }
            audit::record(
                conn,
                &AuditEvent::by(org_id, granted.actor(), AuditAction::ReportDownloaded {})
                    .target("report", id),
                &client,
            )?;
            Ok(report)
        })
        .await?;
    let key = report
        .storage_key
        .as_deref()
        .and_then(|k| ObjectKey::parse_for(org_id, Area::Reports, k))
        .ok_or_else(|| AppError::unexpected("a ready report without its file"))?;
    let (size, stream) = state.storage.get_stream(&key).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", report.name),
        ))
        .insert_header((header::CONTENT_LENGTH, size))
        .streaming(stream.map_err(|e| actix_web::error::ErrorServiceUnavailable(e.to_string()))))
}
