//! Compliance results: written by the compliance engine (or staff) per document and standard,
//! kept as a row and as the raw JSON under the organisation's `compliance-results/` folder.

use actix_web::{HttpResponse, get, post, web};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::model::{self, ComplianceResult, ComplianceStatus, Finding};
use crate::audit::{self, AuditEvent};
use crate::authz::Grant;
use crate::documents::model as documents;
use crate::domain::Fields;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::Json;
use crate::http::page::{Page, PageQuery};
use crate::http::problem::responses;
use crate::state::AppState;
use crate::storage::{Area, BlobName, ObjectKey};
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::compliance_results;

const MAX_FINDINGS: usize = 500;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComplianceResult {
    /// Upper-case code of the standard, e.g. `NSQHS-1` or `ACQS-3`.
    #[schema(example = "NSQHS-1")]
    pub standard: String,
    pub status: ComplianceStatus,
    /// 0 to 100.
    pub score: Option<f64>,
    /// Up to 500 findings.
    #[serde(default)]
    pub findings: Vec<Finding>,
}

#[derive(Serialize, ToSchema, Debug)]
pub struct ComplianceResultResponse {
    pub id: Uuid,
    pub document_id: Uuid,
    pub standard: String,
    pub status: ComplianceStatus,
    pub score: Option<f64>,
    pub findings: Vec<Finding>,
    pub created_by_user: Option<Uuid>,
    pub created_by_client: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl From<&ComplianceResult> for ComplianceResultResponse {
    fn from(r: &ComplianceResult) -> Self {
        Self {
            id: r.id,
            document_id: r.document_id,
            standard: r.standard.clone(),
            status: r.status,
            score: r.score,
            findings: r.findings.0.clone(),
            created_by_user: r.created_by_user,
            created_by_client: r.created_by_client,
            created_at: r.created_at,
        }
    }
}

fn validate(body: &NewComplianceResult) -> Result<String, AppError> {
    let mut fields = Fields::new();
    let standard = body.standard.trim().to_owned();
    let valid_standard = !standard.is_empty()
        && standard.len() <= 50
        && standard
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && standard
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "._-".contains(c));
    if !valid_standard {
        fields.add(
            "standard",
            "Use the standard's upper-case code, e.g. NSQHS-1 (letters, digits, '.', '_' and '-').",
        );
    }
    if body
        .score
        .is_some_and(|s| !(0.0..=100.0).contains(&s) || s.is_nan())
    {
        fields.add("score", "The score is between 0 and 100.");
    }
    if body.findings.len() > MAX_FINDINGS {
        fields.add("findings", format!("Send at most {MAX_FINDINGS} findings."));
    }
    for (i, finding) in body.findings.iter().enumerate() {
        let requirement = finding.requirement.trim();
        if requirement.is_empty() || requirement.chars().count() > 200 {
            fields.add(
                &format!("findings[{i}].requirement"),
                "Name the requirement (1 to 200 characters).",
            );
        }
        for (name, value) in [
            ("evidence", &finding.evidence),
            ("recommendation", &finding.recommendation),
        ] {
            if value.as_ref().is_some_and(|v| v.chars().count() > 5_000) {
                fields.add(&format!("findings[{i}].{name}"), "At most 5000 characters.");
            }
        }
    }
    fields.finish(Some(standard))
}

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
pub async fn create_compliance_result(
    state: web::Data<AppState>,
    granted: Grant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<NewComplianceResult>,
) -> Result<HttpResponse, AppError> {
    let (_, document_id) = path.into_inner();
    let body = body.into_inner();
    let standard = validate(&body)?;
    let org_id = granted.org_id();
    // The document must exist here before anything is written.
    state
        .db
        .tenant(granted.tenant(), move |conn| {
            documents::find(conn, org_id, document_id).map(|_| ())
        })
        .await?;
    let id = Uuid::new_v4();
    let created_at = Utc::now();
    let raw = serde_json::json!({
        "id": id,
        "document_id": document_id,
        "standard": standard,
        "status": body.status,
        "score": body.score,
        "findings": body.findings,
        "created_at": created_at,
        "created_by_user": granted.user_id(),
        "created_by_client": granted.client_id(),
    });
    let key = ObjectKey::new(
        org_id,
        Area::ComplianceResults,
        &BlobName::sanitize(&format!("{id}.json")),
    );
    state
        .storage
        .put(
            &key,
            Bytes::from(serde_json::to_vec_pretty(&raw).map_err(anyhow::Error::from)?),
        )
        .await?;
    let stored_key = key.as_str().to_owned();
    let findings = serde_json::to_value(&body.findings).map_err(anyhow::Error::from)?;
    let outcome = state
        .db
        .tenant(granted.tenant(), move |conn| {
            documents::find(conn, org_id, document_id)?;
            let row: ComplianceResult = diesel::insert_into(compliance_results::table)
                .values((
                    compliance_results::org_id.eq(org_id.into_uuid()),
                    compliance_results::id.eq(id),
                    compliance_results::document_id.eq(document_id),
                    compliance_results::standard.eq(&standard),
                    compliance_results::status.eq(body.status.as_str()),
                    compliance_results::score.eq(body.score),
                    compliance_results::findings.eq(findings),
                    compliance_results::storage_key.eq(&stored_key),
                    compliance_results::created_by_user
                        .eq(granted.user_id().map(|u| u.into_uuid())),
                    compliance_results::created_by_client.eq(granted.client_id()),
                    compliance_results::created_at.eq(created_at),
                ))
                .returning(ComplianceResult::as_returning())
                .get_result(conn)?;
            audit::record(
                conn,
                &AuditEvent::by(org_id, granted.actor(), "compliance_result.created")
                    .target("compliance_result", id)
                    .details(serde_json::json!({
                        "document_id": document_id,
                        "standard": row.standard,
                        "status": row.status,
                        "score": row.score,
                    })),
                &client,
            )?;
            Ok(row)
        })
        .await;
    match outcome {
        Ok(row) => Ok(HttpResponse::Created().json(ComplianceResultResponse::from(&row))),
        Err(error) => {
            if let Err(cleanup) = state.storage.delete(&key).await {
                tracing::warn!(error = %cleanup, %key, "could not remove the file of a failed result");
            }
            Err(error)
        }
    }
}

#[derive(Deserialize, IntoParams, Debug, Default)]
#[into_params(parameter_in = Query)]
pub struct ResultQuery {
    pub standard: Option<String>,
    pub status: Option<ComplianceStatus>,
    /// Only results for this document (organisation-wide list only).
    pub document_id: Option<Uuid>,
    /// Recorded at or after (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Recorded before (RFC 3339).
    pub to: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct ComplianceResultList {
    /// Newest first.
    pub items: Vec<ComplianceResultResponse>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

async fn list(
    state: &AppState,
    granted: &Grant,
    query: ResultQuery,
    page: Page,
) -> Result<ComplianceResultList, AppError> {
    let (limit, offset) = (page.limit, page.offset);
    let org_id = granted.org_id();
    let (rows, total) = state
        .db
        .tenant(granted.tenant(), move |conn| {
            if let Some(document_id) = query.document_id {
                documents::find(conn, org_id, document_id)?;
            }
            let filtered = || {
                let mut q = model::for_org(org_id);
                if let Some(standard) = &query.standard {
                    q = q.filter(compliance_results::standard.eq(standard.trim().to_uppercase()));
                }
                if let Some(status) = query.status {
                    q = q.filter(compliance_results::status.eq(status.as_str()));
                }
                if let Some(document_id) = query.document_id {
                    q = q.filter(compliance_results::document_id.eq(document_id));
                }
                if let Some(from) = query.from {
                    q = q.filter(compliance_results::created_at.ge(from));
                }
                if let Some(to) = query.to {
                    q = q.filter(compliance_results::created_at.lt(to));
                }
                q
            };
            let total: i64 = filtered().count().get_result(conn)?;
            let rows: Vec<ComplianceResult> = filtered()
                .order((
                    compliance_results::created_at.desc(),
                    compliance_results::id.desc(),
                ))
                .limit(limit)
                .offset(offset)
                .select(ComplianceResult::as_select())
                .load(conn)?;
            Ok((rows, total))
        })
        .await?;
    Ok(ComplianceResultList {
        items: rows.iter().map(ComplianceResultResponse::from).collect(),
        total,
        limit,
        offset,
    })
}

/// A document's compliance results, newest first, filterable.
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
pub async fn list_document_compliance_results(
    state: web::Data<AppState>,
    granted: Grant,
    path: web::Path<(Uuid, Uuid)>,
    query: web::Query<ResultQuery>,
    page: Page,
) -> Result<HttpResponse, AppError> {
    let (_, document_id) = path.into_inner();
    let mut query = query.into_inner();
    query.document_id = Some(document_id);
    Ok(HttpResponse::Ok().json(list(&state, &granted, query, page).await?))
}

/// The organisation's compliance results, newest first, filterable.
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
pub async fn list_compliance_results(
    state: web::Data<AppState>,
    granted: Grant,
    query: web::Query<ResultQuery>,
    page: Page,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(list(&state, &granted, query.into_inner(), page).await?))
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
pub async fn get_compliance_result(
    state: web::Data<AppState>,
    granted: Grant,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let org_id = granted.org_id();
    let row = state
        .db
        .tenant(granted.tenant(), move |conn| {
            model::for_org(org_id)
                .filter(compliance_results::id.eq(id))
                .select(ComplianceResult::as_select())
                .first(conn)
                .optional()?
                .ok_or_else(|| AppError::NotFound {
                    code: ProblemCode::ComplianceResultNotFound,
                    detail: "No such compliance result in this organisation.".into(),
                })
        })
        .await?;
    Ok(HttpResponse::Ok().json(ComplianceResultResponse::from(&row)))
}
