//! Compliance results, the standards catalogue and reports.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;
use vigil_core::compliance::ComplianceStatus;
use vigil_core::reports::{ReportFormat, ReportKind};

/// `ComplianceResultResponse`.
#[derive(Deserialize, Debug, Clone)]
pub struct ComplianceResult {
    pub id: Uuid,
    pub document_id: Uuid,
    pub document_name: String,
    pub standard: String,
    /// The catalogue's name of the standard; `None` for an engine's own code.
    pub standard_name: Option<String>,
    pub status: ComplianceStatus,
    pub score: Option<f64>,
    pub findings: Vec<Finding>,
    pub requirement: Option<String>,
    pub notes: Option<String>,
    pub reviewer_id: Option<Uuid>,
    pub review_due_on: Option<NaiveDate>,
    pub overdue: bool,
    pub created_by_user: Option<Uuid>,
    pub created_by_client: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// One finding of a result.
#[derive(Deserialize, Debug, Clone, PartialEq)]
pub struct Finding {
    pub requirement: String,
    pub status: ComplianceStatus,
    pub evidence: Option<String>,
    pub recommendation: Option<String>,
}

/// A standard of the catalogue (`Standard`).
#[derive(Deserialize, Debug, Clone)]
pub struct Standard {
    pub code: String,
    pub framework: String,
    pub name: String,
}

/// `ReportResponse`.
#[derive(Deserialize, Debug, Clone)]
pub struct Report {
    pub id: Uuid,
    pub kind: ReportKind,
    pub format: ReportFormat,
    /// pending, ready or failed.
    pub status: String,
    pub name: String,
    pub size_bytes: Option<i64>,
    pub sha256: Option<String>,
    pub error: Option<String>,
    pub requested_by_user: Option<Uuid>,
    pub requested_by_client: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}
