//! The compliance-result endpoints: each extracts the request, calls [`service`] and answers;
//! the service's [`ComplianceError`](super::ComplianceError) becomes the problem response at
//! the handler's `?`.
#![allow(
    unused_qualifications,
    reason = "utoipa's expansion of a handler's IntoParams query names the type by a path"
)]

use actix_web::{HttpResponse, get, patch, post, web};
use uuid::Uuid;

use crate::authz::Grant;
use crate::compliance::results::dto::{
    ComplianceResultList, ComplianceResultResponse, NewComplianceResult, ResultQuery,
    UpdateComplianceResult,
};
use crate::compliance::results::service;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::page::{Page, PageQuery};
use crate::http::problem::responses;
use crate::state::AppState;

/// Records a compliance result for a document (the compliance engine, or owners, administrators
/// and members). The raw result is also stored as JSON in the organisation's folder.
#[utoipa::path(
    tag = "compliance",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("document_id" = Uuid, Path, description = "Document id"),
    ),
    request_body = NewComplianceResult,
    responses(
        (status = 201, description = "Recorded", body = ComplianceResultResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/documents/{document_id}/compliance-results")]
pub(crate) async fn create_compliance_result(
    state: web::Data<AppState>,
    granted: Grant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<NewComplianceResult>,
) -> Result<HttpResponse, AppError> {
    let (_, document_id) = path.into_inner();
    let response = service::create(&state, granted, client, document_id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(response))
}

/// A document's compliance results, newest first, filterable.
#[allow(
    unused_qualifications,
    reason = "utoipa's IntoParams expansion names the query type by its path"
)]
#[utoipa::path(
    tag = "compliance",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("document_id" = Uuid, Path, description = "Document id"),
        ResultQuery,
        PageQuery,
    ),
    responses(
        (status = 200, description = "A page of results", body = ComplianceResultList),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/documents/{document_id}/compliance-results")]
pub(crate) async fn list_document_compliance_results(
    state: web::Data<AppState>,
    granted: Grant,
    path: web::Path<(Uuid, Uuid)>,
    query: web::Query<ResultQuery>,
    page: Page,
) -> Result<HttpResponse, AppError> {
    let (_, document_id) = path.into_inner();
    let mut query = query.into_inner();
    query.document_id = Some(document_id);
    Ok(HttpResponse::Ok().json(service::list(&state, &granted, query, page).await?))
}

/// The organisation's compliance results, newest first, filterable.
#[allow(
    unused_qualifications,
    reason = "utoipa's IntoParams expansion names the query type by its path"
)]
#[utoipa::path(
    tag = "compliance",
    params(("org_id" = Uuid, Path, description = "Organisation id"), ResultQuery, PageQuery),
    responses(
        (status = 200, description = "A page of results", body = ComplianceResultList),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/compliance-results")]
pub(crate) async fn list_compliance_results(
    state: web::Data<AppState>,
    granted: Grant,
    query: web::Query<ResultQuery>,
    page: Page,
) -> Result<HttpResponse, AppError> {
    let list = service::list(&state, &granted, query.into_inner(), page).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// One compliance result.
#[utoipa::path(
    tag = "compliance",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("result_id" = Uuid, Path, description = "Result id"),
    ),
    responses(
        (status = 200, description = "The result", body = ComplianceResultResponse),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/compliance-results/{result_id}")]
pub(crate) async fn get_compliance_result(
    state: web::Data<AppState>,
    granted: Grant,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let response = service::get(&state, &granted, id).await?;
    Ok(HttpResponse::Ok().json(response))
}

/// Edits a result: its standard, status, score, requirement, notes, reviewer and review date
/// (staff reviewing it, or the compliance engine correcting it). Each change is audited with
/// its before and after.
#[utoipa::path(
    tag = "compliance",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("result_id" = Uuid, Path, description = "Result id"),
    ),
    request_body = UpdateComplianceResult,
    responses(
        (status = 200, description = "The result as it now is", body = ComplianceResultResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[patch("/compliance-results/{result_id}")]
pub(crate) async fn update_compliance_result(
    state: web::Data<AppState>,
    granted: Grant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<UpdateComplianceResult>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let response = service::update(&state, granted, client, id, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(response))
}
