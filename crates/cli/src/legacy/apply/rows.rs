//! The plan's rows, written in the organisation's tenant transaction, each mapped to its
//! legacy row so a re-run skips it.

use std::collections::HashMap;

use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use super::{Written, document_key, result_key};
use crate::legacy::plan::{Plan, Target, Uploader};
use vigil::audit::events::{JoinedVia, PreviouslyImported};
use vigil::audit::{self, Actor, AuditAction, AuditEvent};
use vigil::error::AppError;
use vigil::http::client::ClientContext;
use vigil::identity::users::{self as accounts, NewUser};
use vigil::ids::{OrgId, UserId};
use vigil::organizations::members;
use vigil::organizations::model as org_model;
use vigil::organizations::roles::Role;
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
pub(super) fn write_rows(
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
