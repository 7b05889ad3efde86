//! Purging a deleted organisation once its grace period is over: every file under
//! `organizations/{org_id}/`, then every row (by cascade), leaving a tombstone.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::Db;
use crate::ids::OrgId;
use crate::storage::Storage;
use vigil_data::TenantContext;
use vigil_data::schema::{deleted_organizations, organizations};

#[derive(Debug, PartialEq, Eq)]
pub enum Purge {
    /// Files and rows are gone.
    Done { files: usize },
    /// The organisation was restored, or its grace period is not over: nothing to do.
    NotDue,
}

/// Purges the organisation if it is still deleted and due. Idempotent: a second run after a
/// purge, or a run after a restore, does nothing.
pub async fn purge(db: &Db, storage: &Storage, org_id: OrgId) -> anyhow::Result<Purge> {
    let db = db.data();
    let ctx = TenantContext::new(org_id, None);
    type Row = (
        String,
        String,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
        Option<Uuid>,
    );
    let row: Option<Row> = db
        .tenant(ctx, move |conn| {
            Ok::<_, anyhow::Error>(
                organizations::table
                    .find(org_id)
                    .select((
                        organizations::name,
                        organizations::slug,
                        organizations::deleted_at,
                        organizations::purge_after,
                        organizations::deleted_by,
                    ))
                    .first(conn)
                    .optional()?,
            )
        })
        .await?;
    let Some((name, slug, Some(deleted_at), Some(purge_after), deleted_by)) = row else {
        // Restored (or already purged: then only the files could be left behind).
        if row.is_none() {
            storage.delete_org(org_id).await?;
        }
        return Ok(Purge::NotDue);
    };
    if purge_after > Utc::now() {
        return Ok(Purge::NotDue);
    }
    // Files first: if this fails, the rows (and the job) remain for the retry.
    let files = storage.delete_org(org_id).await?;
    db.tenant(ctx, move |conn| {
        diesel::insert_into(deleted_organizations::table)
            .values((
                deleted_organizations::organization_id.eq(org_id),
                deleted_organizations::name.eq(name),
                deleted_organizations::slug.eq(slug),
                deleted_organizations::deleted_by.eq(deleted_by),
                deleted_organizations::deleted_at.eq(deleted_at),
            ))
            .on_conflict_do_nothing()
            .execute(conn)?;
        // Memberships, audit events and every other tenant row go with it (ON DELETE CASCADE).
        diesel::delete(organizations::table.find(org_id)).execute(conn)?;
        Ok::<_, anyhow::Error>(())
    })
    .await?;
    tracing::info!(org = %org_id, files, "organisation purged");
    Ok(Purge::Done { files })
}
