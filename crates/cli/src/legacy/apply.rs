//! Reading what Vigil already holds for an import ([`lookup`]) and carrying a plan out
//! ([`execute`]): files first, then every row in one tenant transaction; if anything fails,
//! the files written are deleted again, so an import happens entirely or not at all.

use std::collections::{HashMap, HashSet};

use bytes::Bytes;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use super::plan::{Plan, PreviousImport, Target, Uploader, VigilState};
use vigil::audit::events::{JoinedVia, PreviouslyImported};
use vigil::audit::{self, Actor, AuditAction, AuditEvent};
use vigil::db::Db;
use vigil::domain::Email;
use vigil::error::AppError;
use vigil::http::client::ClientContext;
use vigil::identity::users::{self as accounts, NewUser};
use vigil::ids::{OrgId, UserId};
use vigil::organizations::members;
use vigil::organizations::model as org_model;
use vigil::organizations::roles::Role;
use vigil::storage::{Area, BlobName, ObjectKey, Storage};
use vigil_data::TenantContext;
use vigil_data::schema::{
    compliance_results, documents, legacy_imports, memberships, organizations, users,
};

/// How the audit log shows the import.
fn command_line() -> ClientContext {
    ClientContext {
        ip: None,
        user_agent: Some("vigil import-sqlite".into()),
        request_id: None,
    }
}

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

/// What Vigil holds for this source: the accounts of these addresses, and the organisation
/// and rows of an earlier import. Reads only.
pub async fn lookup(
    db: &Db,
    fingerprint: &str,
    emails: Vec<Email>,
    owner: &Email,
) -> Result<VigilState, AppError> {
    let owner_key = owner.normalized();
    let accounts: HashMap<String, UserId> = db
        .global(move |conn| {
            let mut found = HashMap::new();
            for email in emails {
                let key = email.normalized();
                if let Some(user) = accounts::find_by_email(conn, &key)? {
                    found.insert(key, user.user_id());
                }
            }
            Ok(found)
        })
        .await?;

    // The cross-tenant lookup of the source's organisation (policy `source_holder_read`).
    let source = fingerprint.to_owned();
    let org: Option<Uuid> = db
        .legacy_source_holder(source.clone(), move |conn| {
            Ok(legacy_imports::table
                .filter(legacy_imports::legacy_table.eq("source"))
                .filter(legacy_imports::source.eq(&source))
                .select(legacy_imports::org_id)
                .first(conn)
                .optional()?)
        })
        .await?;
    let Some(org) = org else {
        return Ok(VigilState {
            accounts,
            previous: None,
        });
    };

    let org_id = OrgId::from_uuid(org);
    let source = fingerprint.to_owned();
    let owner_account = accounts.get(&owner_key).copied();
    let previous = db
        .tenant(TenantContext::new(org_id, None), move |conn| {
            let (name, deleted_at): (String, Option<chrono::DateTime<chrono::Utc>>) =
                organizations::table
                    .find(org)
                    .select((organizations::name, organizations::deleted_at))
                    .first(conn)?;
            let owner_is_owner = match owner_account {
                None => false,
                Some(user) => memberships::table
                    .filter(memberships::org_id.eq(org))
                    .filter(memberships::user_id.eq(user))
                    .select(memberships::role)
                    .first::<String>(conn)
                    .optional()?
                    .is_some_and(|role| role == Role::Owner.as_str()),
            };
            let rows: Vec<(String, i64, Uuid)> = legacy_imports::table
                .filter(legacy_imports::org_id.eq(org))
                .filter(legacy_imports::source.eq(&source))
                .filter(legacy_imports::legacy_table.ne("source"))
                .select((
                    legacy_imports::legacy_table,
                    legacy_imports::legacy_id,
                    legacy_imports::new_id,
                ))
                .load(conn)?;
            let mapped_users: Vec<Uuid> = rows
                .iter()
                .filter(|(table, _, _)| table == "users")
                .map(|(_, _, id)| *id)
                .collect();
            let live_users: HashSet<Uuid> = users::table
                .filter(users::id.eq_any(mapped_users))
                .select(users::id)
                .load(conn)?
                .into_iter()
                .collect();
            let mapped_documents: Vec<Uuid> = rows
                .iter()
                .filter(|(table, _, _)| table == "documents")
                .map(|(_, _, id)| *id)
                .collect();
            let live_documents: HashSet<Uuid> = documents::table
                .filter(documents::org_id.eq(org))
                .filter(documents::id.eq_any(mapped_documents))
                .select(documents::id)
                .load(conn)?
                .into_iter()
                .collect();
            Ok(PreviousImport {
                org_id: org,
                name,
                deleted: deleted_at.is_some(),
                owner_is_owner,
                mapped: rows
                    .into_iter()
                    .map(|(table, legacy, id)| ((table, legacy), id))
                    .collect(),
                live_users,
                live_documents,
            })
        })
        .await?;
    Ok(VigilState {
        accounts,
        previous: Some(previous),
    })
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

fn map_row(
    conn: &mut PgConnection,
    org_id: OrgId,
    source: &str,
    table: &'static str,
    legacy_id: i64,
    new_id: Uuid,
) -> Result<(), AppError> {
    diesel::insert_into(legacy_imports::table)
        .values((
            legacy_imports::org_id.eq(org_id),
            legacy_imports::source.eq(source),
            legacy_imports::legacy_table.eq(table),
            legacy_imports::legacy_id.eq(legacy_id),
            legacy_imports::new_id.eq(new_id),
        ))
        .execute(conn)?;
    Ok(())
}

/// Adds the membership unless the person is a member already; returns whether it was added.
fn join(
    conn: &mut PgConnection,
    org_id: OrgId,
    user_id: UserId,
    role: Role,
    legacy_id: Option<i64>,
    client: &ClientContext,
) -> Result<bool, AppError> {
    let existing: Option<String> = memberships::table
        .filter(memberships::org_id.eq(org_id))
        .filter(memberships::user_id.eq(user_id))
        .select(memberships::role)
        .first(conn)
        .optional()?;
    if existing.is_some() {
        return Ok(false);
    }
    members::add(conn, org_id, user_id, role)?;
    audit::record(
        conn,
        &AuditEvent::by(
            org_id,
            Actor::System,
            AuditAction::MemberAdded {
                role,
                via: JoinedVia::LegacyImport,
                access_expires_at: None,
                new_account: None,
                legacy_user_id: legacy_id,
            },
        )
        .target("user", user_id),
        client,
    )?;
    Ok(true)
}

/// Every row of the plan, in the organisation's tenant transaction.
fn write_rows(
    conn: &mut PgConnection,
    plan: &Plan,
    source: &str,
    source_label: &str,
    password_hashes: &HashMap<i64, String>,
) -> Result<Written, AppError> {
    let client = command_line();
    let org_id = plan.target.org_id();
    let org = org_id.into_uuid();
    let mut written = Written::default();

    if let Target::New { name, .. } = &plan.target {
        let slug = org_model::insert(conn, org_id, name)?;
        audit::record(
            conn,
            &AuditEvent::by(
                org_id,
                Actor::System,
                AuditAction::OrganizationCreated {
                    name: name.as_str().to_owned(),
                    slug,
                    via: Some(JoinedVia::LegacyImport),
                },
            )
            .target("organization", org_id),
            &client,
        )?;
        map_row(conn, org_id, source, "source", 0, org)?;
        // An owner who is not a legacy user joins here; a legacy one with the other users.
        if plan.owner.legacy_id.is_none() {
            let owner = plan
                .owner
                .account
                .ok_or_else(|| AppError::unexpected("the owner has no account"))?;
            if join(conn, org_id, owner, Role::Owner, None, &client)? {
                written.memberships_added += 1;
            }
        }
    } else {
        // Serialises re-runs of the same import: the second waits, then its mapping rows
        // collide with the first's and it rolls back.
        organizations::table
            .find(org)
            .select(organizations::id)
            .for_update()
            .first::<Uuid>(conn)?;
    }

    let mut imported_users: HashMap<i64, UserId> = HashMap::new();
    for planned in &plan.users {
        let user = &planned.user;
        // Looked up again here: an account may have been created since the plan was made.
        let user_id =
            if let Some(account) = accounts::find_by_email(conn, &user.email.normalized())? {
                written.accounts_linked += 1;
                account.user_id()
            } else {
                let hash = password_hashes.get(&user.legacy_id).ok_or_else(|| {
                    AppError::unexpected(format!(
                        "an account for {} appeared and went again during the import",
                        user.email.as_str()
                    ))
                })?;
                let user_id = UserId::new();
                diesel::insert_into(users::table)
                    .values((
                        NewUser {
                            id: user_id,
                            email: user.email.as_str(),
                            password_hash: hash,
                            first_name: user.first_name.as_str(),
                            last_name: user.last_name.as_str(),
                            // Unproven: the password reset link verifies the address.
                            email_verified_at: None,
                        },
                        users::created_at.eq(user.created_at),
                    ))
                    .execute(conn)?;
                written.accounts_created += 1;
                user_id
            };
        if join(
            conn,
            org_id,
            user_id,
            planned.role,
            Some(user.legacy_id),
            &client,
        )? {
            written.memberships_added += 1;
        }
        map_row(
            conn,
            org_id,
            source,
            "users",
            user.legacy_id,
            user_id.into_uuid(),
        )?;
        imported_users.insert(user.legacy_id, user_id);
    }

    for planned in &plan.documents {
        let uploader = match planned.uploader {
            Uploader::Nobody => None,
            Uploader::Account(id) => Some(id),
            Uploader::Legacy(legacy) => imported_users.get(&legacy).map(|u| u.into_uuid()),
        };
        let file = &planned.file;
        diesel::insert_into(documents::table)
            .values((
                documents::org_id.eq(org),
                documents::id.eq(planned.id),
                documents::name.eq(&planned.name),
                documents::kind.eq(file.kind.as_str()),
                documents::content_type.eq(file.kind.content_type()),
                documents::size_bytes.eq(i64::try_from(file.size).unwrap_or(i64::MAX)),
                documents::sha256.eq(&file.sha256),
                documents::storage_key.eq(document_key(org_id, planned.id).as_str()),
                documents::uploaded_by_user.eq(uploader),
                documents::created_at.eq(planned.document.uploaded_at),
            ))
            .execute(conn)?;
        map_row(
            conn,
            org_id,
            source,
            "documents",
            planned.document.legacy_id,
            planned.id,
        )?;
    }

    for planned in &plan.results {
        let result = &planned.result;
        let findings = serde_json::to_value(&result.findings).map_err(anyhow::Error::from)?;
        diesel::insert_into(compliance_results::table)
            .values((
                compliance_results::org_id.eq(org),
                compliance_results::id.eq(planned.id),
                compliance_results::document_id.eq(planned.document_id),
                compliance_results::standard.eq(&result.standard),
                compliance_results::status.eq(result.status.as_str()),
                compliance_results::score.eq(result.score),
                compliance_results::findings.eq(findings),
                compliance_results::storage_key.eq(result_key(org_id, planned.id).as_str()),
                compliance_results::created_at.eq(result.checked_at),
            ))
            .execute(conn)?;
        map_row(
            conn,
            org_id,
            source,
            "compliance_results",
            result.legacy_id,
            planned.id,
        )?;
    }

    audit::record(
        conn,
        &AuditEvent::by(
            org_id,
            Actor::System,
            AuditAction::LegacyImportCompleted {
                source: source.to_owned(),
                file: source_label.to_owned(),
                users: plan.users.len(),
                accounts_created: written.accounts_created,
                accounts_linked: written.accounts_linked,
                documents: plan.documents.len(),
                bytes: plan.bytes(),
                compliance_results: plan.results.len(),
                previously_imported: PreviouslyImported {
                    users: plan.already.users,
                    documents: plan.already.documents,
                    compliance_results: plan.already.results,
                },
            },
        )
        .target("organization", org_id),
        &client,
    )?;
    Ok(written)
}
