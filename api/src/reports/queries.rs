//! The report endpoints' statements.

use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::result::QueryResult;
use uuid::Uuid;

use crate::ids::{OrgId, UserId};
use vigil_core::reports::ReportKind;
use vigil_data::models::reports::{self as model, Report};
use vigil_data::schema::reports;

/// The organisation's reports a caller may see: those built from the audit log only when
/// `audit_log` (the caller may read the audit log).
fn visible(org_id: OrgId, audit_log: bool) -> reports::BoxedQuery<'static, Pg> {
    let query = model::for_org(org_id);
    if audit_log {
        query
    } else {
        query.filter(reports::kind.ne(ReportKind::AuditLog.as_str()))
    }
}

pub(super) fn find(
    conn: &mut PgConnection,
    (org_id, audit_log): (OrgId, bool),
    id: Uuid,
) -> QueryResult<Option<Report>> {
    visible(org_id, audit_log)
        .filter(reports::id.eq(id))
        .select(Report::as_select())
        .first(conn)
        .optional()
}

/// A page of the visible reports, newest first, and how many are visible in all, in one
/// round trip (see [`vigil_data::split_counted`]).
pub(super) fn counted_page(
    conn: &mut PgConnection,
    (org_id, audit_log): (OrgId, bool),
    (limit, offset): (i64, i64),
) -> QueryResult<(Vec<Report>, i64)> {
    let rows: Vec<(Option<i64>, Report)> = visible(org_id, audit_log)
        .order((reports::created_at.desc(), reports::id.desc()))
        .limit(limit)
        .offset(offset)
        .select((
            visible(org_id, audit_log).count().single_value(),
            Report::as_select(),
        ))
        .load(conn)?;
    vigil_data::split_counted(rows, (limit, offset), || {
        visible(org_id, audit_log).count().get_result(conn)
    })
}

/// A pending report, as asked for.
pub(super) struct NewReport {
    pub(super) org_id: OrgId,
    pub(super) id: Uuid,
    pub(super) kind: ReportKind,
    pub(super) name: String,
    pub(super) requested_by_user: Option<UserId>,
    pub(super) requested_by_client: Option<Uuid>,
}

pub(super) fn insert(conn: &mut PgConnection, new: &NewReport) -> QueryResult<Report> {
    diesel::insert_into(reports::table)
        .values((
            reports::org_id.eq(new.org_id),
            reports::id.eq(new.id),
            reports::kind.eq(new.kind.as_str()),
            reports::format.eq("csv"),
            reports::name.eq(&new.name),
            reports::requested_by_user.eq(new.requested_by_user),
            reports::requested_by_client.eq(new.requested_by_client),
        ))
        .returning(Report::as_returning())
        .get_result(conn)
}
