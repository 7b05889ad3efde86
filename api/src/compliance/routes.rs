//! Compliance results: written by the compliance engine (or staff) per document and standard,
//! kept as a row and as the raw JSON under the organisation's `compliance-results/` folder.
#![allow(
    unused_qualifications,
    reason = "utoipa's expansion of a handler's IntoParams query names the type by a path"
)]

use actix_web::{HttpResponse, get, patch, post, web};
use bytes::Bytes;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::model::{self, ComplianceResult, ComplianceStatus, Finding};
use super::standards;
use crate::audit::events::{Changes, FieldChange};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::Grant;
use crate::documents::{Document, DocumentError};
use crate::domain::Fields;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::json::{Json, nullable};
use crate::http::page::{Page, PageQuery};
use crate::http::problem::responses;
use crate::state::AppState;
use crate::storage::{Area, BlobName, ObjectKey};
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::compliance_results;

const MAX_FINDINGS: usize = 500;

/// The document, or the documents endpoints' own 404.
fn find_document(
    conn: &mut PgConnection,
    org_id: crate::ids::OrgId,
    id: Uuid,
) -> Result<Document, AppError> {
    vigil_data::models::documents::find(conn, org_id, id)?
        .ok_or_else(|| DocumentError::NotFound.into())
}

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
    /// The requirement this result is about, e.g. "3.10 Hand hygiene" (1 to 200 characters).
    pub requirement: Option<String>,
    /// Notes for the people acting on the result (up to 5,000 characters).
    pub notes: Option<String>,
    /// The member who reviews this result (a member of this organisation).
    pub reviewer_id: Option<Uuid>,
    /// When the result is next due for review (a date, e.g. `2027-03-31`); overdue from the
    /// next day in the organisation's time zone.
    pub review_due_on: Option<NaiveDate>,
}

#[derive(Serialize, Deserialize, ToSchema, Debug)]
pub struct ComplianceResultResponse {
    pub id: Uuid,
    pub document_id: Uuid,
    /// The document's name (for lists across documents).
    pub document_name: String,
    pub standard: String,
    /// The standard's plain-English name, when it is in the catalogue
    /// (`GET …/compliance-standards`).
    pub standard_name: Option<String>,
    pub status: ComplianceStatus,
    pub score: Option<f64>,
    pub findings: Vec<Finding>,
    pub requirement: Option<String>,
    pub notes: Option<String>,
    pub reviewer_id: Option<Uuid>,
    pub review_due_on: Option<NaiveDate>,
    /// The review date has passed (in the organisation's time zone).
    pub overdue: bool,
    pub created_by_user: Option<Uuid>,
    pub created_by_client: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// When it was last edited; absent when never.
    pub updated_at: Option<DateTime<Utc>>,
}

impl ComplianceResultResponse {
    /// The response for a row, `today` being the organisation's date (for `overdue`).
    fn of(r: &ComplianceResult, today: NaiveDate, document_name: String) -> Self {
        Self {
            id: r.id,
            document_id: r.document_id,
            document_name,
            standard: r.standard.clone(),
            standard_name: standards::name_of(&r.standard).map(str::to_owned),
            status: r.status,
            score: r.score,
            findings: r.findings.0.clone(),
            requirement: r.requirement.clone(),
            notes: r.notes.clone(),
            reviewer_id: r.reviewer_id,
            review_due_on: r.review_due_on,
            overdue: r.review_due_on.is_some_and(|due| due < today),
            created_by_user: r.created_by_user,
            created_by_client: r.created_by_client,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A standard's code, trimmed; the message names the rule when it breaks it.
fn parse_standard(raw: &str) -> Result<String, String> {
    let standard = raw.trim().to_owned();
    let valid = !standard.is_empty()
        && standard.len() <= 50
        && standard
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && standard
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "._-".contains(c));
    if valid {
        Ok(standard)
    } else {
        Err(
            "Use the standard's upper-case code, e.g. NSQHS-1 (letters, digits, '.', '_' and '-')."
                .into(),
        )
    }
}

fn check_score(fields: &mut Fields, score: Option<f64>) {
    if score.is_some_and(|s| !(0.0..=100.0).contains(&s) || s.is_nan()) {
        fields.add("score", "The score is between 0 and 100.");
    }
}

/// Trimmed text of 1 to `max` characters; an empty one is absent (`None`).
fn optional_text(fields: &mut Fields, name: &str, raw: Option<&str>, max: usize) -> Option<String> {
    let text = raw.map(str::trim).filter(|t| !t.is_empty())?;
    if text.chars().count() > max {
        fields.add(name, format!("At most {max} characters."));
        return None;
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        fields.add(name, "Use text without control characters.");
        return None;
    }
    Some(text.to_owned())
}

/// Review dates a person could mean: from 2000 to ten years ahead.
fn check_review_date(fields: &mut Fields, due: Option<NaiveDate>) {
    let latest = Utc::now().year() + 10;
    if due.is_some_and(|d| d.year() < 2000 || d.year() > latest) {
        fields.add(
            "review_due_on",
            format!("Choose a review date between 2000 and {latest}."),
        );
    }
}

/// The reviewer must be a member of this organisation whose access has not ended.
fn check_reviewer(
    conn: &mut PgConnection,
    org_id: crate::ids::OrgId,
    reviewer: Option<Uuid>,
) -> Result<(), AppError> {
    use vigil_data::schema::memberships;
    let Some(reviewer) = reviewer else {
        return Ok(());
    };
    let is_member: bool = diesel::select(diesel::dsl::exists(
        memberships::table
            .filter(memberships::org_id.eq(org_id.into_uuid()))
            .filter(memberships::user_id.eq(reviewer))
            .filter(
                memberships::access_expires_at
                    .is_null()
                    .or(memberships::access_expires_at.gt(Utc::now())),
            ),
    ))
    .get_result(conn)?;
    if is_member {
        Ok(())
    } else {
        Err(AppError::invalid_field(
            "reviewer_id",
            "Choose a member of this organisation as the reviewer.",
        ))
    }
}

struct Checked {
    standard: String,
    requirement: Option<String>,
    notes: Option<String>,
}

fn validate(body: &NewComplianceResult) -> Result<Checked, AppError> {
    let mut fields = Fields::new();
    let standard = fields.take("standard", parse_standard(&body.standard));
    check_score(&mut fields, body.score);
    let requirement = optional_text(&mut fields, "requirement", body.requirement.as_deref(), 200);
    let notes = optional_text(&mut fields, "notes", body.notes.as_deref(), 5_000);
    check_review_date(&mut fields, body.review_due_on);
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
    let checked = standard.map(|standard| Checked {
        standard,
        requirement,
        notes,
    });
    fields.finish(checked)
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
pub(crate) async fn create_compliance_result(
    state: web::Data<AppState>,
    granted: Grant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<NewComplianceResult>,
) -> Result<HttpResponse, AppError> {
    let (_, document_id) = path.into_inner();
    let body = body.into_inner();
    let checked = validate(&body)?;
    let standard = checked.standard.clone();
    let reviewer_id = body.reviewer_id;
    let org_id = granted.org_id();
    // The document (and the reviewer) must exist here before anything is written.
    state
        .db
        .tenant(granted.tenant(), move |conn| {
            find_document(conn, org_id, document_id)?;
            check_reviewer(conn, org_id, reviewer_id)
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
        "requirement": checked.requirement,
        "notes": checked.notes,
        "reviewer_id": body.reviewer_id,
        "review_due_on": body.review_due_on,
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
            let document = find_document(conn, org_id, document_id)?;
            check_reviewer(conn, org_id, reviewer_id)?;
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
                    compliance_results::requirement.eq(&checked.requirement),
                    compliance_results::notes.eq(&checked.notes),
                    compliance_results::reviewer_id.eq(reviewer_id),
                    compliance_results::review_due_on.eq(body.review_due_on),
                ))
                .returning(ComplianceResult::as_returning())
                .get_result(conn)?;
            audit::record(
                conn,
                &AuditEvent::by(
                    org_id,
                    granted.actor(),
                    AuditAction::ComplianceResultCreated {
                        document_id,
                        standard: row.standard.clone(),
                        status: row.status,
                        score: row.score,
                        review_due_on: row.review_due_on,
                    },
                )
                .target("compliance_result", id),
                &client,
            )?;
            Ok(ComplianceResultResponse::of(
                &row,
                model::today_for(conn, org_id)?,
                document.name,
            ))
        })
        .await;
    match outcome {
        Ok(response) => Ok(HttpResponse::Created().json(response)),
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
    /// `true`: only results whose review date has passed (in the organisation's time zone);
    /// `false`: only those not overdue (no review date, or not yet due).
    pub overdue: Option<bool>,
    /// Newest first by default.
    pub sort: Option<ComplianceResultSort>,
}

vigil_core::text_enum! {
    /// The order of a results list (`-` first: descending). Results without a review date or
    /// score come last either way.
    pub enum ComplianceResultSort {
        CreatedAt = "created_at",
        CreatedAtDesc = "-created_at",
        ReviewDueOn = "review_due_on",
        ReviewDueOnDesc = "-review_due_on",
        Score = "score",
        ScoreDesc = "-score",
        Standard = "standard",
        StandardDesc = "-standard",
    }
}

#[derive(Serialize, ToSchema)]
pub struct ComplianceResultList {
    /// In the order asked for (newest first by default).
    pub items: Vec<ComplianceResultResponse>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
    /// The order applied.
    pub sort: ComplianceResultSort,
}

async fn list(
    state: &AppState,
    granted: &Grant,
    query: ResultQuery,
    page: Page,
) -> Result<ComplianceResultList, AppError> {
    let (limit, offset) = (page.limit, page.offset);
    let org_id = granted.org_id();
    let sort = query.sort.unwrap_or(ComplianceResultSort::CreatedAtDesc);
    let (items, total) = state
        .db
        .tenant(granted.tenant(), move |conn| {
            if let Some(document_id) = query.document_id {
                find_document(conn, org_id, document_id)?;
            }
            let today = model::today_for(conn, org_id)?;
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
                match query.overdue {
                    Some(true) => q = q.filter(compliance_results::review_due_on.lt(today)),
                    Some(false) => {
                        q = q.filter(
                            compliance_results::review_due_on
                                .is_null()
                                .or(compliance_results::review_due_on.ge(today)),
                        );
                    }
                    None => {}
                }
                q
            };
            let total: i64 = filtered().count().get_result(conn)?;
            use compliance_results as r;
            let ordered = match sort {
                ComplianceResultSort::CreatedAt => {
                    filtered().order((r::created_at.asc(), r::id.asc()))
                }
                ComplianceResultSort::CreatedAtDesc => {
                    filtered().order((r::created_at.desc(), r::id.desc()))
                }
                ComplianceResultSort::ReviewDueOn => filtered().order((
                    r::review_due_on.asc().nulls_last(),
                    r::created_at.desc(),
                    r::id.desc(),
                )),
                ComplianceResultSort::ReviewDueOnDesc => filtered().order((
                    r::review_due_on.desc().nulls_last(),
                    r::created_at.desc(),
                    r::id.desc(),
                )),
                ComplianceResultSort::Score => filtered().order((
                    r::score.asc().nulls_last(),
                    r::created_at.desc(),
                    r::id.desc(),
                )),
                ComplianceResultSort::ScoreDesc => filtered().order((
                    r::score.desc().nulls_last(),
                    r::created_at.desc(),
                    r::id.desc(),
                )),
                ComplianceResultSort::Standard => {
                    filtered().order((r::standard.asc(), r::created_at.desc(), r::id.desc()))
                }
                ComplianceResultSort::StandardDesc => {
                    filtered().order((r::standard.desc(), r::created_at.desc(), r::id.desc()))
                }
            };
            let rows: Vec<ComplianceResult> = ordered
                .limit(limit)
                .offset(offset)
                .select(ComplianceResult::as_select())
                .load(conn)?;
            let names = document_names(conn, org_id, rows.iter().map(|r| r.document_id))?;
            let items = rows
                .iter()
                .map(|row| {
                    let name = names.get(&row.document_id).cloned().unwrap_or_default();
                    ComplianceResultResponse::of(row, today, name)
                })
                .collect();
            Ok((items, total))
        })
        .await?;
    Ok(ComplianceResultList {
        sort,
        items,
        total,
        limit,
        offset,
    })
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
    Ok(HttpResponse::Ok().json(list(&state, &granted, query, page).await?))
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
pub(crate) async fn get_compliance_result(
    state: web::Data<AppState>,
    granted: Grant,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let org_id = granted.org_id();
    let response = state
        .db
        .tenant(granted.tenant(), move |conn| {
            let row = find(conn, org_id, id)?;
            respond(conn, org_id, &row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(response))
}

/// The response for one row: its document's name and the organisation's date looked up.
fn respond(
    conn: &mut PgConnection,
    org_id: crate::ids::OrgId,
    row: &ComplianceResult,
) -> Result<ComplianceResultResponse, AppError> {
    let name = find_document(conn, org_id, row.document_id)?.name;
    Ok(ComplianceResultResponse::of(
        row,
        model::today_for(conn, org_id)?,
        name,
    ))
}

/// Document id → name for the documents of a page of results (one query).
fn document_names(
    conn: &mut PgConnection,
    org_id: crate::ids::OrgId,
    ids: impl Iterator<Item = Uuid>,
) -> Result<std::collections::HashMap<Uuid, String>, AppError> {
    use vigil_data::schema::documents as d;
    let ids: Vec<Uuid> = ids.collect();
    let rows: Vec<(Uuid, String)> = d::table
        .filter(d::org_id.eq(org_id.into_uuid()))
        .filter(d::id.eq_any(ids))
        .select((d::id, d::name))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

fn find(
    conn: &mut PgConnection,
    org_id: crate::ids::OrgId,
    id: Uuid,
) -> Result<ComplianceResult, AppError> {
    model::for_org(org_id)
        .filter(compliance_results::id.eq(id))
        .select(ComplianceResult::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| AppError::NotFound {
            code: ProblemCode::ComplianceResultNotFound,
            detail: "No such compliance result in this organisation.".into(),
        })
}

/// What to change in a result; absent fields stay as they are, `null` clears an optional one.
/// The findings are the engine's record and are not edited here.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct UpdateComplianceResult {
    pub standard: Option<String>,
    pub status: Option<ComplianceStatus>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<f64>)]
    pub score: Option<Option<f64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub requirement: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub reviewer_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub review_due_on: Option<Option<NaiveDate>>,
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = compliance_results)]
struct ResultChanges {
    standard: Option<String>,
    status: Option<ComplianceStatus>,
    score: Option<Option<f64>>,
    requirement: Option<Option<String>>,
    notes: Option<Option<String>>,
    reviewer_id: Option<Option<Uuid>>,
    review_due_on: Option<Option<NaiveDate>>,
}

impl ResultChanges {
    fn is_empty(&self) -> bool {
        self.standard.is_none()
            && self.status.is_none()
            && self.score.is_none()
            && self.requirement.is_none()
            && self.notes.is_none()
            && self.reviewer_id.is_none()
            && self.review_due_on.is_none()
    }
}

fn validate_changes(body: UpdateComplianceResult) -> Result<ResultChanges, AppError> {
    let mut fields = Fields::new();
    let standard = body
        .standard
        .as_deref()
        .and_then(|raw| fields.take("standard", parse_standard(raw)));
    check_score(&mut fields, body.score.flatten());
    let requirement = body
        .requirement
        .map(|raw| optional_text(&mut fields, "requirement", raw.as_deref(), 200));
    let notes = body
        .notes
        .map(|raw| optional_text(&mut fields, "notes", raw.as_deref(), 5_000));
    check_review_date(&mut fields, body.review_due_on.flatten());
    fields.finish(Some(ResultChanges {
        standard,
        status: body.status,
        score: body.score,
        requirement,
        notes,
        reviewer_id: body.reviewer_id,
        review_due_on: body.review_due_on,
    }))
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
    let changes = validate_changes(body.into_inner())?;
    let org_id = granted.org_id();
    let response = state
        .db
        .tenant(granted.tenant(), move |conn| {
            let before = find(conn, org_id, id)?;
            if let Some(reviewer) = changes.reviewer_id {
                check_reviewer(conn, org_id, reviewer)?;
            }
            let row = if changes.is_empty() {
                before.clone()
            } else {
                let row: ComplianceResult = diesel::update(
                    model::for_org_target(org_id).filter(compliance_results::id.eq(id)),
                )
                .set((&changes, compliance_results::updated_at.eq(Utc::now())))
                .returning(ComplianceResult::as_returning())
                .get_result(conn)?;
                audit::record(
                    conn,
                    &AuditEvent::by(
                        org_id,
                        granted.actor(),
                        AuditAction::ComplianceResultUpdated {
                            document_id: row.document_id,
                            standard: row.standard.clone(),
                            changes: changed_fields(&before, &row),
                        },
                    )
                    .target("compliance_result", id),
                    &client,
                )?;
                row
            };
            respond(conn, org_id, &row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(response))
}

/// `{field: {from, to}}` for each field an edit changed (notes only say that they changed).
fn changed_fields(before: &ComplianceResult, after: &ComplianceResult) -> Changes {
    let mut out = Changes::new();
    FieldChange::note(&mut out, "standard", &before.standard, &after.standard);
    FieldChange::note(&mut out, "status", before.status, after.status);
    FieldChange::note(&mut out, "score", before.score, after.score);
    let requirement = (&before.requirement, &after.requirement);
    FieldChange::note(&mut out, "requirement", requirement.0, requirement.1);
    FieldChange::note(
        &mut out,
        "reviewer_id",
        before.reviewer_id,
        after.reviewer_id,
    );
    let due = (before.review_due_on, after.review_due_on);
    FieldChange::note(&mut out, "review_due_on", due.0, due.1);
    if before.notes != after.notes {
        out.insert("notes".to_owned(), FieldChange::Redacted { changed: true });
    }
    out
}
