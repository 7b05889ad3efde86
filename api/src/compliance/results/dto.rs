//! What the compliance-result endpoints read and answer.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::compliance::standards;
use crate::http::json::nullable;
use vigil_core::compliance::{ComplianceStatus, Finding};
use vigil_data::models::compliance::ComplianceResult;

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
    pub(super) fn of(r: &ComplianceResult, today: NaiveDate, document_name: String) -> Self {
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
            reviewer_id: r.reviewer_id.map(Uuid::from),
            review_due_on: r.review_due_on,
            overdue: r.review_due_on.is_some_and(|due| due < today),
            created_by_user: r.created_by_user.map(Uuid::from),
            created_by_client: r.created_by_client,
            created_at: r.created_at,
            updated_at: r.updated_at,
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
