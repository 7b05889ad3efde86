//! The compliance-result endpoints' statements.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::result::QueryResult;
use uuid::Uuid;

use crate::compliance::results::dto::{ComplianceResultSort, ResultQuery};
use crate::ids::{OrgId, UserId};
use vigil_core::compliance::ComplianceStatus;
use vigil_data::models::compliance::{self as model, ComplianceResult};
use vigil_data::models::documents::{self as documents, Document};
use vigil_data::schema::compliance_results;

/// A result about to be stored (its raw JSON is already written).
pub(super) struct NewResult {
    pub(super) org_id: OrgId,
    pub(super) id: Uuid,
    pub(super) document_id: Uuid,
    pub(super) standard: String,
    pub(super) status: ComplianceStatus,
    pub(super) score: Option<f64>,
    pub(super) findings: serde_json::Value,
    pub(super) storage_key: String,
    pub(super) created_by_user: Option<UserId>,
    pub(super) created_by_client: Option<Uuid>,
    pub(super) created_at: DateTime<Utc>,
    pub(super) requirement: Option<String>,
    pub(super) notes: Option<String>,
    pub(super) reviewer_id: Option<Uuid>,
    pub(super) review_due_on: Option<NaiveDate>,
}

pub(super) fn insert(conn: &mut PgConnection, new: &NewResult) -> QueryResult<ComplianceResult> {
    diesel::insert_into(compliance_results::table)
        .values((
            compliance_results::org_id.eq(new.org_id),
            compliance_results::id.eq(new.id),
            compliance_results::document_id.eq(new.document_id),
            compliance_results::standard.eq(&new.standard),
            compliance_results::status.eq(new.status.as_str()),
            compliance_results::score.eq(new.score),
            compliance_results::findings.eq(&new.findings),
            compliance_results::storage_key.eq(&new.storage_key),
            compliance_results::created_by_user.eq(new.created_by_user),
            compliance_results::created_by_client.eq(new.created_by_client),
            compliance_results::created_at.eq(new.created_at),
            compliance_results::requirement.eq(&new.requirement),
            compliance_results::notes.eq(&new.notes),
            compliance_results::reviewer_id.eq(new.reviewer_id),
            compliance_results::review_due_on.eq(new.review_due_on),
        ))
        .returning(ComplianceResult::as_returning())
        .get_result(conn)
}

pub(super) fn find(
    conn: &mut PgConnection,
    org_id: OrgId,
    id: Uuid,
) -> QueryResult<Option<ComplianceResult>> {
    model::for_org(org_id)
        .filter(compliance_results::id.eq(id))
        .select(ComplianceResult::as_select())
        .first(conn)
        .optional()
}

pub(super) fn find_document(
    conn: &mut PgConnection,
    org_id: OrgId,
    id: Uuid,
) -> QueryResult<Option<Document>> {
    documents::find(conn, org_id, id)
}

/// Whether the user is a member of the organisation whose access has not ended.
pub(super) fn is_current_member(
    conn: &mut PgConnection,
    org_id: OrgId,
    user_id: Uuid,
) -> QueryResult<bool> {
    use vigil_data::models::memberships::access_not_ended;
    use vigil_data::schema::memberships;
    diesel::select(diesel::dsl::exists(
        memberships::table
            .filter(memberships::org_id.eq(org_id))
            .filter(memberships::user_id.eq(user_id))
            .filter(access_not_ended(Utc::now())),
    ))
    .get_result(conn)
}

/// The results a list query matches, `today` deciding what is overdue.
fn filtered(
    org_id: OrgId,
    query: &ResultQuery,
    today: NaiveDate,
) -> compliance_results::BoxedQuery<'static, Pg> {
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
}

/// One page of a list query, sorted (results without a review date or score come last), and
/// the total it is a page of, in one round trip (see [`vigil_data::split_counted`]).
pub(super) fn counted_page(
    conn: &mut PgConnection,
    org_id: OrgId,
    query: &ResultQuery,
    today: NaiveDate,
    sort: ComplianceResultSort,
    (limit, offset): (i64, i64),
) -> QueryResult<(Vec<ComplianceResult>, i64)> {
    use compliance_results as r;
    let total = filtered(org_id, query, today).count().single_value();
    let matching = filtered(org_id, query, today);
    let ordered = match sort {
        ComplianceResultSort::CreatedAt => matching.order((r::created_at.asc(), r::id.asc())),
        ComplianceResultSort::CreatedAtDesc => matching.order((r::created_at.desc(), r::id.desc())),
        ComplianceResultSort::ReviewDueOn => matching.order((
            r::review_due_on.asc().nulls_last(),
            r::created_at.desc(),
            r::id.desc(),
        )),
        ComplianceResultSort::ReviewDueOnDesc => matching.order((
            r::review_due_on.desc().nulls_last(),
            r::created_at.desc(),
            r::id.desc(),
        )),
        ComplianceResultSort::Score => matching.order((
            r::score.asc().nulls_last(),
            r::created_at.desc(),
            r::id.desc(),
        )),
        ComplianceResultSort::ScoreDesc => matching.order((
            r::score.desc().nulls_last(),
            r::created_at.desc(),
            r::id.desc(),
        )),
        ComplianceResultSort::Standard => {
            matching.order((r::standard.asc(), r::created_at.desc(), r::id.desc()))
        }
        ComplianceResultSort::StandardDesc => {
            matching.order((r::standard.desc(), r::created_at.desc(), r::id.desc()))
        }
    };
    let rows: Vec<(Option<i64>, ComplianceResult)> = ordered
        .limit(limit)
        .offset(offset)
        .select((total, ComplianceResult::as_select()))
        .load(conn)?;
    vigil_data::split_counted(rows, (limit, offset), || {
        filtered(org_id, query, today).count().get_result(conn)
    })
}

/// Document id → name for the documents of a page of results (one query).
pub(super) fn document_names(
    conn: &mut PgConnection,
    org_id: OrgId,
    ids: Vec<Uuid>,
) -> QueryResult<HashMap<Uuid, String>> {
    use vigil_data::schema::documents as d;
    let rows: Vec<(Uuid, String)> = d::table
        .filter(d::org_id.eq(org_id))
        .filter(d::id.eq_any(ids))
        .select((d::id, d::name))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// The columns an edit sets; `None` leaves a column as it is.
#[derive(AsChangeset, Default)]
#[diesel(table_name = compliance_results)]
pub(super) struct ResultChanges {
    pub(super) standard: Option<String>,
    pub(super) status: Option<ComplianceStatus>,
    pub(super) score: Option<Option<f64>>,
    pub(super) requirement: Option<Option<String>>,
    pub(super) notes: Option<Option<String>>,
    pub(super) reviewer_id: Option<Option<Uuid>>,
    pub(super) review_due_on: Option<Option<NaiveDate>>,
}

impl ResultChanges {
    pub(super) fn is_empty(&self) -> bool {
        self.standard.is_none()
            && self.status.is_none()
            && self.score.is_none()
            && self.requirement.is_none()
            && self.notes.is_none()
            && self.reviewer_id.is_none()
            && self.review_due_on.is_none()
    }
}

pub(super) fn update(
    conn: &mut PgConnection,
    org_id: OrgId,
    id: Uuid,
    changes: &ResultChanges,
) -> QueryResult<ComplianceResult> {
    diesel::update(model::for_org_target(org_id).filter(compliance_results::id.eq(id)))
        .set((changes, compliance_results::updated_at.eq(Utc::now())))
        .returning(ComplianceResult::as_returning())
        .get_result(conn)
}
