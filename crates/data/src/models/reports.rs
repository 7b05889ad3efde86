//! Report rows.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;
use vigil_core::ids::{OrgId, UserId};
use vigil_core::reports::{ReportKind, ReportStatus};

use crate::schema::reports;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = reports)]
pub struct Report {
    pub org_id: OrgId,
    pub id: Uuid,
    pub kind: ReportKind,
    pub format: String,
    pub status: ReportStatus,
    pub name: String,
    pub storage_key: Option<String>,
    pub size_bytes: Option<i64>,
    pub sha256: Option<String>,
    pub error: Option<String>,
    pub requested_by_user: Option<UserId>,
    pub requested_by_client: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// One organisation's reports.
pub fn for_org(org_id: OrgId) -> reports::BoxedQuery<'static, diesel::pg::Pg> {
    reports::table
        .filter(reports::org_id.eq(org_id))
        .into_boxed()
}
