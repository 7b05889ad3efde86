//! The result rules: every field checked at once; the document and reviewer checked before the
//! raw JSON is stored and again in the transaction that writes the row and its audit record
//! (the file removed again when that fails); each edit audited with its before and after.

use bytes::Bytes;
use chrono::{NaiveDate, Utc};
use diesel::pg::PgConnection;
use uuid::Uuid;

use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::Grant;
use crate::compliance::results::dto::{
    ComplianceResultList, ComplianceResultResponse, ComplianceResultSort, NewComplianceResult,
    ResultQuery, UpdateComplianceResult,
};
use crate::compliance::results::error::ComplianceError;
use crate::compliance::results::queries::{self, NewResult};
use crate::compliance::results::rules;
use crate::compliance::today_for;
use crate::http::client::ClientContext;
use crate::http::page::Page;
use crate::ids::OrgId;
use crate::state::AppState;
use crate::storage::{Area, BlobName, ObjectKey};
use vigil_data::models::compliance::ComplianceResult;
use vigil_data::models::documents::Document;

fn document(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> Result<Document, ComplianceError> {
    queries::find_document(conn, org_id, id)?.ok_or(ComplianceError::DocumentNotFound)
}

fn result(
    conn: &mut PgConnection,
    org_id: OrgId,
    id: Uuid,
) -> Result<ComplianceResult, ComplianceError> {
    queries::find(conn, org_id, id)?.ok_or(ComplianceError::NotFound)
}

/// The reviewer, when there is one, must be a current member of this organisation.
fn check_reviewer(
    conn: &mut PgConnection,
    org_id: OrgId,
    reviewer: Option<Uuid>,
) -> Result<(), ComplianceError> {
    match reviewer {
        Some(user) if !queries::is_current_member(conn, org_id, user)? => {
            Err(ComplianceError::ReviewerNotMember)
        }
        _ => Ok(()),
    }
}

/// The response for one row: its document's name and the organisation's date looked up.
fn respond(
    conn: &mut PgConnection,
    org_id: OrgId,
    row: &ComplianceResult,
) -> Result<ComplianceResultResponse, ComplianceError> {
    let name = document(conn, org_id, row.document_id)?.name;
    Ok(ComplianceResultResponse::of(
        row,
        today_for(conn, org_id)?,
        name,
    ))
}

/// Records a result for a document; the raw result is also stored as JSON.
pub(super) async fn create(
    state: &AppState,
    granted: Grant,
    client: ClientContext,
    document_id: Uuid,
    body: NewComplianceResult,
) -> Result<ComplianceResultResponse, ComplianceError> {
    let checked = rules::validate(&body)?;
    let reviewer_id = body.reviewer_id;
    let org_id = granted.org_id();
    // The document (and the reviewer) must exist here before anything is written.
    state
        .db
        .data()
        .tenant(granted.tenant(), move |conn| {
            document(conn, org_id, document_id)?;
            check_reviewer(conn, org_id, reviewer_id)
        })
        .await?;
    let id = Uuid::new_v4();
    let created_at = Utc::now();
    let raw = serde_json::json!({
        "id": id,
        "document_id": document_id,
        "standard": checked.standard,
        "status": body.status,
        "score": body.score,
        "findings": body.findings,
        "requirement": checked.requirement,
        "notes": checked.notes,
        "reviewer_id": body.reviewer_id,
        "review_due_on": body.review_due_on,
        "created_at": created_at,
        "created_by_user": granted.user_id(),
        "created_by_client": granted.client_id(),
    });
    let key = ObjectKey::new(
        org_id,
        Area::ComplianceResults,
        &BlobName::sanitize(&format!("{id}.json")),
    );
    state
        .storage
        .put(&key, Bytes::from(serde_json::to_vec_pretty(&raw)?))
        .await?;
    let new = NewResult {
        org_id,
        id,
        document_id,
        standard: checked.standard,
        status: body.status,
        score: body.score,
        findings: serde_json::to_value(&body.findings)?,
        storage_key: key.as_str().to_owned(),
        created_by_user: granted.user_id(),
        created_by_client: granted.client_id(),
        created_at,
        requirement: checked.requirement,
        notes: checked.notes,
        reviewer_id,
        review_due_on: body.review_due_on,
    };
    let outcome = state
        .db
        .data()
        .tenant(granted.tenant(), move |conn| {
            let document = document(conn, org_id, document_id)?;
            check_reviewer(conn, org_id, reviewer_id)?;
            let row = queries::insert(conn, &new)?;
            audit::record(
                conn,
                &AuditEvent::by(
                    org_id,
                    granted.actor(),
                    AuditAction::ComplianceResultCreated {
                        document_id,
                        standard: row.standard.clone(),
                        status: row.status,
                        score: row.score,
                        review_due_on: row.review_due_on,
                    },
                )
                .target("compliance_result", id),
                &client,
            )?;
            Ok(ComplianceResultResponse::of(
                &row,
                today_for(conn, org_id)?,
                document.name,
            ))
        })
        .await;
    if outcome.is_err()
        && let Err(cleanup) = state.storage.delete(&key).await
    {
        tracing::warn!(error = %cleanup, %key, "could not remove the file of a failed result");
    }
    outcome
}

/// A page of results, filtered and sorted (newest first by default).
pub(super) async fn list(
    state: &AppState,
    granted: &Grant,
    query: ResultQuery,
    page: Page,
) -> Result<ComplianceResultList, ComplianceError> {
    let (limit, offset) = (page.limit, page.offset);
    let org_id = granted.org_id();
    let sort = query.sort.unwrap_or(ComplianceResultSort::CreatedAtDesc);
    let (items, total) = state
        .db
        .data()
        .tenant(granted.tenant(), move |conn| {
            if let Some(document_id) = query.document_id {
                document(conn, org_id, document_id)?;
            }
            let today: NaiveDate = today_for(conn, org_id)?;
            let (rows, total) =
                queries::counted_page(conn, org_id, &query, today, sort, (limit, offset))?;
            let names = queries::document_names(
                conn,
                org_id,
                rows.iter().map(|r| r.document_id).collect(),
            )?;
            let items = rows
                .iter()
                .map(|row| {
                    // Rows and documents are read in one transaction, and a document's results
                    // go with it: a missing name is an inconsistent database, not an empty name.
                    let name = names.get(&row.document_id).cloned().ok_or(
                        ComplianceError::ResultWithoutDocument {
                            result_id: row.id,
                            document_id: row.document_id,
                        },
                    )?;
                    Ok(ComplianceResultResponse::of(row, today, name))
                })
                .collect::<Result<Vec<_>, ComplianceError>>()?;
            Ok::<_, ComplianceError>((items, total))
        })
        .await?;
    Ok(ComplianceResultList {
        items,
        total,
        limit,
        offset,
        sort,
    })
}

/// One result.
pub(super) async fn get(
    state: &AppState,
    granted: &Grant,
    id: Uuid,
) -> Result<ComplianceResultResponse, ComplianceError> {
    let org_id = granted.org_id();
    state
        .db
        .data()
        .tenant(granted.tenant(), move |conn| {
            let row = result(conn, org_id, id)?;
            respond(conn, org_id, &row)
        })
        .await
}

/// Edits a result; a change is audited with each field's before and after.
pub(super) async fn update(
    state: &AppState,
    granted: Grant,
    client: ClientContext,
    id: Uuid,
    body: UpdateComplianceResult,
) -> Result<ComplianceResultResponse, ComplianceError> {
    let changes = rules::validate_changes(body)?;
    let org_id = granted.org_id();
    state
        .db
        .data()
        .tenant(granted.tenant(), move |conn| {
            let before = result(conn, org_id, id)?;
            if let Some(reviewer) = changes.reviewer_id {
                check_reviewer(conn, org_id, reviewer)?;
            }
            let row = if changes.is_empty() {
                before.clone()
            } else {
                let row = queries::update(conn, org_id, id, &changes)?;
                audit::record(
                    conn,
                    &AuditEvent::by(
                        org_id,
                        granted.actor(),
                        AuditAction::ComplianceResultUpdated {
                            document_id: row.document_id,
                            standard: row.standard.clone(),
                            changes: rules::changed_fields(&before, &row),
                        },
                    )
                    .target("compliance_result", id),
                    &client,
                )?;
                row
            };
            respond(conn, org_id, &row)
        })
        .await
}
