//! Compliance result rows.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;
use vigil_core::compliance::{ComplianceStatus, Findings};
use vigil_core::ids::{OrgId, UserId};

use crate::schema::compliance_results;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = compliance_results)]
pub struct ComplianceResult {
    pub org_id: OrgId,
    pub id: Uuid,
    pub document_id: Uuid,
    pub standard: String,
    pub status: ComplianceStatus,
    pub score: Option<f64>,
    pub findings: Findings,
    pub storage_key: String,
    pub created_by_user: Option<UserId>,
    pub created_by_client: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub requirement: Option<String>,
    pub notes: Option<String>,
    pub reviewer_id: Option<UserId>,
    pub review_due_on: Option<NaiveDate>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// The base query: one organisation's results.
pub fn for_org(org_id: OrgId) -> compliance_results::BoxedQuery<'static, diesel::pg::Pg> {
    compliance_results::table
        .filter(compliance_results::org_id.eq(org_id))
        .into_boxed()
}

/// The table filtered to one organisation, as the target of an update.
pub fn for_org_target(
    org_id: OrgId,
) -> diesel::dsl::Filter<
    compliance_results::table,
    diesel::dsl::Eq<compliance_results::org_id, OrgId>,
> {
    compliance_results::table.filter(compliance_results::org_id.eq(org_id))
}

/// The storage keys of a document's results (so deleting it can remove their files).
pub fn storage_keys_of_document(
    conn: &mut PgConnection,
    org_id: OrgId,
    document_id: Uuid,
) -> QueryResult<Vec<String>> {
    for_org(org_id)
        .filter(compliance_results::document_id.eq(document_id))
        .select(compliance_results::storage_key)
        .load(conn)
}
