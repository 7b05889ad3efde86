//! Removes files that no row refers to (a crash between writing a blob and its row, or a
//! failed cleanup): documents, compliance results and reports older than a day.

use std::collections::HashSet;

use chrono::{Duration, Utc};
use diesel::prelude::*;

use crate::db::Db;
use crate::storage::{Area, Storage};
use vigil_data::TenantContext;
use vigil_data::schema::{compliance_results, documents, reports};

/// Files younger than this are left alone: their row may be about to be written.
const GRACE: Duration = Duration::days(1);

/// Sweeps every organisation; returns how many files were removed.
pub async fn sweep(db: &Db, storage: &Storage) -> anyhow::Result<usize> {
    let db = db.data();
    let mut removed = 0;
    for org_id in storage.organizations().await? {
        let known: HashSet<String> = db
            .tenant(TenantContext::new(org_id, None), move |conn| {
                let mut keys: Vec<String> = documents::table
                    .filter(documents::org_id.eq(org_id))
                    .select(documents::storage_key)
                    .load(conn)?;
                keys.extend(
                    compliance_results::table
                        .filter(compliance_results::org_id.eq(org_id))
                        .select(compliance_results::storage_key)
                        .load::<String>(conn)?,
                );
                keys.extend(
                    reports::table
                        .filter(reports::org_id.eq(org_id))
                        .select(reports::storage_key)
                        .load::<Option<String>>(conn)?
                        .into_iter()
                        .flatten(),
                );
                Ok::<_, anyhow::Error>(keys.into_iter().collect())
            })
            .await?;
        let cutoff = Utc::now() - GRACE;
        for area in [Area::Documents, Area::ComplianceResults, Area::Reports] {
            for (key, written) in storage.list_with_age(org_id, area).await? {
                if written < cutoff && !known.contains(key.as_str()) {
                    storage.delete(&key).await?;
                    tracing::info!(%key, "orphan file removed");
                    removed += 1;
                }
            }
        }
    }
    Ok(removed)
}
