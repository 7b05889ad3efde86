//! The organisation's compliance at a glance, for the dashboard (`crate::dashboard`).

use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::compliance::today_for;
use crate::ids::OrgId;
use crate::organizations::model::FindError;
use vigil_core::compliance::ComplianceStatus;
use vigil_data::models::compliance::for_org;
use vigil_data::schema::compliance_results;

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

pub(crate) fn summary(
    conn: &mut PgConnection,
    org_id: OrgId,
) -> Result<ComplianceSummary, FindError> {
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
