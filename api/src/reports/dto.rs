//! What the report endpoints read and answer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use vigil_core::reports::{ReportFormat, ReportKind, ReportStatus};
use vigil_data::models::reports::Report;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateReportRequest {
    pub kind: ReportKind,
    /// Only `csv` for now.
    pub format: ReportFormat,
}

#[derive(Serialize, Deserialize, ToSchema, Debug)]
pub struct ReportResponse {
    pub id: Uuid,
    pub kind: ReportKind,
    pub format: ReportFormat,
    pub status: ReportStatus,
    pub name: String,
    pub size_bytes: Option<i64>,
    pub sha256: Option<String>,
    pub error: Option<String>,
    pub requested_by_user: Option<Uuid>,
    pub requested_by_client: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl From<&Report> for ReportResponse {
    fn from(r: &Report) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            format: ReportFormat::Csv,
            status: r.status,
            name: r.name.clone(),
            size_bytes: r.size_bytes,
            sha256: r.sha256.clone(),
            error: r.error.clone(),
            requested_by_user: r.requested_by_user.map(Uuid::from),
            requested_by_client: r.requested_by_client,
            created_at: r.created_at,
            completed_at: r.completed_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReportList {
    /// Newest first.
    pub items: Vec<ReportResponse>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}
