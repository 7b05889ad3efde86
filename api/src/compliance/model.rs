//! Compliance result rows.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::AppError;
use crate::ids::OrgId;
use vigil_data::schema::compliance_results;

pub use vigil_core::compliance::{ComplianceStatus, Finding, Findings};

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = compliance_results)]
pub struct ComplianceResult {
    pub org_id: Uuid,
    pub id: Uuid,
    pub document_id: Uuid,
    pub standard: String,
    pub status: ComplianceStatus,
    pub score: Option<f64>,
    pub findings: Findings,
    pub storage_key: String,
    pub created_by_user: Option<Uuid>,
    pub created_by_client: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub requirement: Option<String>,
    pub notes: Option<String>,
    pub reviewer_id: Option<Uuid>,
    pub review_due_on: Option<NaiveDate>,
    pub updated_at: Option<DateTime<Utc>>,
}

pub fn for_org(org_id: OrgId) -> compliance_results::BoxedQuery<'static, diesel::pg::Pg> {
    compliance_results::table
        .filter(compliance_results::org_id.eq(org_id.into_uuid()))
        .into_boxed()
}

/// The table filtered to one organisation, as the target of an update.
pub fn for_org_target(
    org_id: OrgId,
) -> diesel::dsl::Filter<compliance_results::table, diesel::dsl::Eq<compliance_results::org_id, Uuid>>
{
    compliance_results::table.filter(compliance_results::org_id.eq(org_id.into_uuid()))
}

/// The storage keys of a document's results (so deleting it can remove their files).
pub fn storage_keys_of_document(
    conn: &mut PgConnection,
    org_id: OrgId,
    document_id: Uuid,
) -> Result<Vec<String>, AppError> {
    Ok(for_org(org_id)
        .filter(compliance_results::document_id.eq(document_id))
        .select(compliance_results::storage_key)
        .load(conn)?)
}

/// Today's date where the organisation is (its time zone), which decides when a review is
/// overdue: due yesterday in Perth is overdue from midnight in Perth, not in UTC.
pub fn today_for(conn: &mut PgConnection, org_id: OrgId) -> Result<NaiveDate, AppError> {
    let org = crate::organizations::model::find(conn, org_id)?;
    Ok(Utc::now().with_timezone(&org.time_zone.tz()).date_naive())
}

/// How many results have each status.
#[derive(Serialize, ToSchema, Debug, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub compliant: i64,
    pub partially_compliant: i64,
    pub non_compliant: i64,
    pub not_assessed: i64,
}

/// The organisation's compliance at a glance, for the dashboard.
#[derive(Serialize, ToSchema, Debug)]
pub struct ComplianceSummary {
    pub documents: i64,
    /// Documents no result has been recorded for yet.
    pub documents_without_results: i64,
    pub results: i64,
    pub results_by_status: StatusCounts,
    /// Results whose review date has passed (in the organisation's time zone).
    pub overdue_reviews: i64,
    /// Results due for review in the next 14 days (today included).
    pub reviews_due_soon: i64,
}

pub fn summary(conn: &mut PgConnection, org_id: OrgId) -> Result<ComplianceSummary, AppError> {
    use vigil_data::schema::documents;
    let today = today_for(conn, org_id)?;
    let org = org_id.into_uuid();
    let documents: i64 = documents::table
        .filter(documents::org_id.eq(org))
        .count()
        .get_result(conn)?;
    let documents_without_results: i64 = documents::table
        .filter(documents::org_id.eq(org))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            compliance_results::table
                .filter(compliance_results::org_id.eq(org))
                .filter(compliance_results::document_id.eq(documents::id)),
        )))
        .count()
        .get_result(conn)?;
    let by_status: Vec<(ComplianceStatus, i64)> = compliance_results::table
        .filter(compliance_results::org_id.eq(org))
        .group_by(compliance_results::status)
        .select((compliance_results::status, diesel::dsl::count_star()))
        .load(conn)?;
    let mut counts = StatusCounts::default();
    for (status, n) in &by_status {
        let slot = match status {
            ComplianceStatus::Compliant => &mut counts.compliant,
            ComplianceStatus::PartiallyCompliant => &mut counts.partially_compliant,
            ComplianceStatus::NonCompliant => &mut counts.non_compliant,
            ComplianceStatus::NotAssessed => &mut counts.not_assessed,
        };
        *slot = *n;
    }
    let overdue_reviews: i64 = for_org(org_id)
        .filter(compliance_results::review_due_on.lt(today))
        .count()
        .get_result(conn)?;
    let reviews_due_soon: i64 = for_org(org_id)
        .filter(compliance_results::review_due_on.ge(today))
        .filter(compliance_results::review_due_on.lt(today + chrono::Days::new(14)))
        .count()
        .get_result(conn)?;
    Ok(ComplianceSummary {
        documents,
        documents_without_results,
        results: by_status.iter().map(|(_, n)| n).sum(),
        results_by_status: counts,
        overdue_reviews,
        reviews_due_soon,
    })
}
