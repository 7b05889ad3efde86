//! Reading what Vigil already holds for an import ([`lookup`]) and carrying a plan out
//! ([`execute`]): files first, then every row in one tenant transaction; if anything fails,
//! the files written are deleted again, so an import happens entirely or not at all.

mod rows;
mod state;

pub use state::lookup;

use std::collections::HashMap;

use bytes::Bytes;
use uuid::Uuid;

use super::plan::{Plan, Target};
use rows::write_rows;
use vigil::db::Db;
use vigil::ids::OrgId;
use vigil::storage::{Area, BlobName, ObjectKey, Storage};
use vigil_data::TenantContext;

pub fn document_key(org_id: OrgId, id: Uuid) -> ObjectKey {
    ObjectKey::new(
        org_id,
        Area::Documents,
        &BlobName::sanitize(&id.to_string()),
    )
}

pub fn result_key(org_id: OrgId, id: Uuid) -> ObjectKey {
    ObjectKey::new(
        org_id,
        Area::ComplianceResults,
        &BlobName::sanitize(&format!("{id}.json")),
    )
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub accounts_created: usize,
    pub accounts_linked: usize,
    pub memberships_added: usize,
}

/// Carries the plan out. `password_hashes` holds, for each legacy user who had no Vigil
/// account when the plan was made, the hash of a random password nobody knows.
pub async fn execute(
    db: &Db,
    storage: &Storage,
    plan: &Plan,
    source: &str,
    source_label: &str,
    password_hashes: HashMap<i64, String>,
    progress: &mut (dyn std::io::Write + Send),
) -> anyhow::Result<Written> {
    let org_id = plan.target.org_id();
    let created = matches!(plan.target, Target::New { .. });
    let mut uploaded: Vec<ObjectKey> = Vec::new();
    let outcome = async {
        if created {
            storage.create_org_folders(org_id).await?;
        }
        let total = plan.documents.len();
        for (n, document) in plan.documents.iter().enumerate() {
            let key = document_key(org_id, document.id);
            // Recorded first: a failed upload may still leave a part behind.
            uploaded.push(key.clone());
            storage.put_file(&key, &document.file.path).await?;
            // Progress only: a closed output must not undo the import.
            let _ = writeln!(
                progress,
                "  copied {}/{total}: documents id={} ({})",
                n + 1,
                document.document.legacy_id,
                super::check::human_bytes(document.file.size)
            );
        }
        for result in &plan.results {
            let key = result_key(org_id, result.id);
            uploaded.push(key.clone());
            storage
                .put(&key, Bytes::from(raw_result(plan, result)?))
                .await?;
        }
        let plan = plan.clone();
        let source = source.to_owned();
        let source_label = source_label.to_owned();
        let written = db
            .tenant(TenantContext::new(org_id, None), move |conn| {
                write_rows(conn, &plan, &source, &source_label, &password_hashes)
            })
            .await?;
        Ok::<_, anyhow::Error>(written)
    }
    .await;
    match outcome {
        Ok(written) => Ok(written),
        Err(error) => {
            let cleanup = if created {
                storage.delete_org(org_id).await.map(|_| ())
            } else {
                let mut result = Ok(());
                for key in &uploaded {
                    if let Err(e) = storage.delete(key).await {
                        result = Err(e);
                    }
                }
                result
            };
            match cleanup {
                Ok(()) => Err(error.context("nothing was imported; the files copied were removed")),
                Err(cleanup) => Err(error.context(format!(
                    "nothing was imported, but some copied files could not be removed ({cleanup}); Vigil's orphan sweeper deletes them within a day"
                ))),
            }
        }
    }
}

/// The raw JSON kept beside a result row, as the API writes it, plus where it came from.
fn raw_result(plan: &Plan, planned: &super::plan::PlannedResult) -> anyhow::Result<Vec<u8>> {
    let result = &planned.result;
    Ok(serde_json::to_vec_pretty(&serde_json::json!({
        "id": planned.id,
        "document_id": planned.document_id,
        "standard": result.standard,
        "status": result.status,
        "score": result.score,
        "findings": result.findings,
        "created_at": result.checked_at,
        "created_by_user": null,
        "created_by_client": null,
        "imported_from": {
            "table": "compliance_results",
            "id": result.legacy_id,
            "organization": plan.target.org_id(),
        },
    }))?)
}
