//! Report rows.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;
use vigil_core::ids::OrgId;
use vigil_core::reports::ReportKind;

use crate::schema::reports;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = reports)]
pub struct Report {
    pub org_id: Uuid,
    pub id: Uuid,
    pub kind: ReportKind,
    pub format: String,
    pub status: String,
    pub name: String,
    pub storage_key: Option<String>,
    pub size_bytes: Option<i64>,
    pub sha256: Option<String>,
    pub error: Option<String>,
    pub requested_by_user: Option<Uuid>,
    pub requested_by_client: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// One organisation's reports.
pub fn for_org(org_id: OrgId) -> reports::BoxedQuery<'static, diesel::pg::Pg> {
    reports::table
        .filter(reports::org_id.eq(org_id.into_uuid()))
        .into_boxed()
}
