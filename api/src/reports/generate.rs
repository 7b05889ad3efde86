//! Building a report as CSV (in a staging file, then into storage), run by the worker.

use std::io::Write;

use anyhow::Context;

use chrono::Utc;
use diesel::prelude::*;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::audit::{self, EventFilter};
use crate::db::Db;
use crate::ids::OrgId;
use crate::reports::{Report, ReportKind};
use crate::storage::{Area, BlobName, ObjectKey, Storage};
use vigil_core::reports::ReportStatus;
use vigil_data::TenantContext;
use vigil_data::schema::{compliance_results, documents, reports};

/// Cells that a spreadsheet would run as formulas are prefixed with `'` (CSV injection).
fn cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

fn write_rows(
    path: &std::path::Path,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> anyhow::Result<()> {
    let file = std::fs::File::create(path)?;
    let mut writer = csv::Writer::from_writer(std::io::BufWriter::new(file));
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row.iter().map(|v| cell(v)))?;
    }
    writer.flush()?;
    writer.into_inner().map_err(anyhow::Error::from)?.flush()?;
    Ok(())
}

/// The latest result per document and standard.
fn compliance_summary(
    conn: &mut PgConnection,
    org_id: OrgId,
    path: &std::path::Path,
) -> anyhow::Result<()> {
    type Row = (
        String,
        Uuid,
        String,
        String,
        Option<f64>,
        chrono::DateTime<Utc>,
    );
    let rows: Vec<Row> = compliance_results::table
        .inner_join(
            documents::table.on(documents::org_id
                .eq(compliance_results::org_id)
                .and(documents::id.eq(compliance_results::document_id))),
        )
        .filter(compliance_results::org_id.eq(org_id))
        .distinct_on((
            compliance_results::standard,
            compliance_results::document_id,
        ))
        .order((
            compliance_results::standard,
            compliance_results::document_id,
            compliance_results::created_at.desc(),
        ))
        .select((
            compliance_results::standard,
            documents::id,
            documents::name,
            compliance_results::status,
            compliance_results::score,
            compliance_results::created_at,
        ))
        .load(conn)?;
    write_rows(
        path,
        &[
            "standard",
            "document_id",
            "document_name",
            "status",
            "score",
            "assessed_at",
        ],
        rows.into_iter()
            .map(|(standard, id, name, status, score, at)| {
                vec![
                    standard,
                    id.to_string(),
                    name,
                    status,
                    score.map(|s| format!("{s:.1}")).unwrap_or_default(),
                    at.to_rfc3339(),
                ]
            }),
    )
}

/// Every audit event, newest first, a page at a time (never the whole log in memory).
fn audit_log(conn: &mut PgConnection, org_id: OrgId, path: &std::path::Path) -> anyhow::Result<()> {
    {
        let file = std::fs::File::create(path)?;
        let mut writer = csv::Writer::from_writer(std::io::BufWriter::new(file));
        writer.write_record([
            "seq",
            "created_at",
            "actor_type",
            "actor",
            "actor_email",
            "action",
            "target_type",
            "target_id",
            "ip",
            "request_id",
            "details",
        ])?;
        let mut filter = EventFilter::default();
        loop {
            let page = audit::list(conn, org_id, &filter, 1_000)?;
            let Some(last) = page.last() else { break };
            filter.before_seq = Some(last.seq);
            for e in page {
                let (action, details) = e.action.to_columns()?;
                let row = [
                    e.seq.to_string(),
                    e.created_at.to_rfc3339(),
                    e.actor_type,
                    e.actor_name.unwrap_or_default(),
                    e.actor_email.unwrap_or_default(),
                    action,
                    e.target_type.unwrap_or_default(),
                    e.target_id.unwrap_or_default(),
                    e.ip.unwrap_or_default(),
                    e.request_id.unwrap_or_default(),
                    details.to_string(),
                ];
                writer.write_record(row.iter().map(|v| cell(v)))?;
            }
        }
        writer.flush()?;
        writer.into_inner().map_err(anyhow::Error::from)?.flush()?;
        Ok(())
    }
}

/// SHA-256 and size of a file, read in pieces.
fn digest_file(path: &std::path::Path) -> std::io::Result<(String, i64)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut size = 0i64;
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        size += i64::try_from(read).unwrap_or(0);
        hasher.update(&buffer[..read]);
    }
    Ok((hex::encode(hasher.finalize()), size))
}

/// Builds a pending report. Idempotent: a report that is no longer pending is left alone.
pub async fn generate(
    db: &Db,
    storage: &Storage,
    org_id: OrgId,
    report_id: Uuid,
) -> anyhow::Result<()> {
    let db = db.data();
    let ctx = TenantContext::new(org_id, None);
    let report: Option<Report> = db
        .tenant(ctx, move |conn| {
            Ok::<_, anyhow::Error>(
                vigil_data::models::reports::for_org(org_id)
                    .filter(reports::id.eq(report_id))
                    .select(Report::as_select())
                    .first(conn)
                    .optional()?,
            )
        })
        .await?;
    let Some(report) = report.filter(|r| r.status == ReportStatus::Pending) else {
        return Ok(());
    };
    let kind = report.kind;
    let staged = tempfile::NamedTempFile::new()
        .context("staging a report")?
        .into_temp_path();
    let path = staged.to_path_buf();
    db.tenant(ctx, move |conn| match kind {
        ReportKind::ComplianceSummary => compliance_summary(conn, org_id, &path),
        ReportKind::AuditLog => audit_log(conn, org_id, &path),
    })
    .await?;
    let (sha256, size) = digest_file(&staged)?;
    let key = ObjectKey::new(
        org_id,
        Area::Reports,
        &BlobName::sanitize(&format!("{report_id}.csv")),
    );
    storage.put_file(&key, &staged).await?;
    let stored = key.as_str().to_owned();
    db.tenant(ctx, move |conn| {
        diesel::update(reports::table.find((org_id, report_id)))
            .set((
                reports::status.eq(ReportStatus::Ready),
                reports::storage_key.eq(stored),
                reports::size_bytes.eq(size),
                reports::sha256.eq(sha256),
                reports::completed_at.eq(Utc::now()),
            ))
            .execute(conn)?;
        Ok::<_, anyhow::Error>(())
    })
    .await
}

/// Marks a report failed for good (the worker gave up on it).
pub async fn mark_failed(
    db: &Db,
    org_id: OrgId,
    report_id: Uuid,
    error: &str,
) -> anyhow::Result<()> {
    let error = error.chars().take(500).collect::<String>();
    db.data()
        .tenant(TenantContext::new(org_id, None), move |conn| {
            diesel::update(reports::table.find((org_id, report_id)))
                .set((
                    reports::status.eq(ReportStatus::Failed),
                    reports::error.eq(error),
                    reports::completed_at.eq(Utc::now()),
                ))
                .execute(conn)?;
            Ok::<_, anyhow::Error>(())
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+61 400"), "'+61 400");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("plain"), "plain");
    }
}
