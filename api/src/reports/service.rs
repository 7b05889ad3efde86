//! The report rules: audit-log reports only for those who may read the audit log (others'
//! are not even listed), a rate limit per organisation, the row, its job and its audit record
//! in one transaction, and downloads of ready reports only, each audited.

use uuid::Uuid;

use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::{Grant, Permission};
use crate::http::client::ClientContext;
use crate::http::page::Page;
use crate::ids::OrgId;
use crate::outbox::{self, Job};
use crate::ratelimit::{self, Limit};
use crate::reports::dto::{ReportList, ReportResponse};
use crate::reports::error::ReportError;
use crate::reports::queries::{self, NewReport};
use crate::state::AppState;
use crate::storage::{Area, ByteStream, ObjectKey};
use vigil_core::reports::{ReportKind, ReportStatus};
use vigil_data::models::reports::Report;

const REPORTS_PER_ORG: Limit = Limit {
    name: "reports:org",
    max: 30,
    window_secs: 3_600,
};

/// The organisation and whether its audit-log reports are visible to this caller.
fn scope(granted: &Grant) -> (OrgId, bool) {
    (granted.org_id(), granted.holds(Permission::AuditLogRead))
}

/// Queues a report; the worker builds it (`status` becomes `ready`).
pub(super) async fn request(
    state: &AppState,
    granted: Grant,
    client: ClientContext,
    kind: ReportKind,
) -> Result<Report, ReportError> {
    if kind == ReportKind::AuditLog {
        granted.also(Permission::AuditLogRead)?;
    }
    ratelimit::check(
        &state.db,
        &[(REPORTS_PER_ORG, granted.org_id().to_string())],
    )
    .await?;
    let org_id = granted.org_id();
    let id = Uuid::new_v4();
    let new = NewReport {
        org_id,
        id,
        kind,
        name: format!(
            "{}-{}.csv",
            kind.as_str().replace('_', "-"),
            chrono::Utc::now().format("%Y%m%d-%H%M%S")
        ),
        requested_by_user: granted.user_id(),
        requested_by_client: granted.client_id(),
    };
    state
        .db
        .data()
        .tenant(granted.tenant(), move |conn| {
            let report = queries::insert(conn, &new)?;
            outbox::enqueue(
                conn,
                &Job::GenerateReport {
                    org_id,
                    report_id: id,
                },
            )?;
            audit::record(
                conn,
                &AuditEvent::by(
                    org_id,
                    granted.actor(),
                    AuditAction::ReportRequested { kind },
                )
                .target("report", id),
                &client,
            )?;
            Ok(report)
        })
        .await
}

/// A page of the reports this caller may see, newest first.
pub(super) async fn list(
    state: &AppState,
    granted: &Grant,
    page: Page,
) -> Result<ReportList, ReportError> {
    let (limit, offset) = (page.limit, page.offset);
    let scope = scope(granted);
    let (rows, total) = state
        .db
        .data()
        .tenant(granted.tenant(), move |conn| {
            let (rows, total) = queries::counted_page(conn, scope, (limit, offset))?;
            Ok::<_, ReportError>((rows, total))
        })
        .await?;
    Ok(ReportList {
        items: rows.iter().map(ReportResponse::from).collect(),
        total,
        limit,
        offset,
    })
}

/// One report this caller may see.
pub(super) async fn get(
    state: &AppState,
    granted: &Grant,
    id: Uuid,
) -> Result<Report, ReportError> {
    let scope = scope(granted);
    state
        .db
        .data()
        .tenant(granted.tenant(), move |conn| {
            queries::find(conn, scope, id)?.ok_or(ReportError::NotFound)
        })
        .await
}

/// A ready report (its download audited) and its file, streamed from storage.
pub(super) async fn download(
    state: &AppState,
    granted: Grant,
    client: ClientContext,
    id: Uuid,
) -> Result<(Report, u64, ByteStream), ReportError> {
    let scope = scope(&granted);
    let org_id = granted.org_id();
    let report = state
        .db
        .data()
        .tenant(granted.tenant(), move |conn| {
            let report = queries::find(conn, scope, id)?.ok_or(ReportError::NotFound)?;
            if report.kind == ReportKind::AuditLog {
                granted.require_recent_proof()?;
            }
            if report.status != ReportStatus::Ready {
                return Err(ReportError::NotReady {
                    status: report.status,
                });
            }
            audit::record(
                conn,
                &AuditEvent::by(org_id, granted.actor(), AuditAction::ReportDownloaded {})
                    .target("report", id),
                &client,
            )?;
            Ok(report)
        })
        .await?;
    let key = report
        .storage_key
        .as_deref()
        .and_then(|k| ObjectKey::parse_for(org_id, Area::Reports, k))
        .ok_or(ReportError::FileMissing)?;
    let (size, stream) = state.storage.get_stream(&key).await?;
    Ok((report, size, stream))
}
