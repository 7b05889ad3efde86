//! The document rules: blob first, then the row and its audit event in one transaction (the blob
//! removed again when the row cannot be written); every read of a document audited in the
//! transaction that reads it; members delete only what they uploaded.

use actix_multipart::Multipart;
use uuid::Uuid;

use crate::audit::events::DocumentName;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::{Grant, Permission};
use crate::documents::dto::{DocumentList, DocumentQuery, DocumentResponse, DocumentSort};
use crate::documents::error::DocumentError;
use crate::documents::intake;
use crate::documents::queries::{self, NewDocument};
use crate::http::client::ClientContext;
use crate::http::page::Page;
use crate::ids::OrgId;
use crate::state::AppState;
use crate::storage::{Area, BlobName, ByteStream, ObjectKey};
use vigil_data::PlanCache;
use vigil_data::models::documents::Document;

fn document_key(org_id: OrgId, id: Uuid) -> ObjectKey {
    ObjectKey::new(
        org_id,
        Area::Documents,
        &BlobName::sanitize(&id.to_string()),
    )
}

/// Receives, scans and types the upload, then stores it.
pub(super) async fn upload(
    state: &AppState,
    granted: Grant,
    client: ClientContext,
    form: Multipart,
) -> Result<Document, DocumentError> {
    let received = intake::receive(state, form).await?;
    let org_id = granted.org_id();
    let id = Uuid::new_v4();
    let key = document_key(org_id, id);
    // Blob first, then the row in a transaction; the blob goes again if the row cannot be written.
    state.storage.put_file(&key, &received.staged).await?;
    let new = NewDocument {
        org_id,
        id,
        name: received.name,
        kind: received.kind,
        // Never past the upload limit, itself far below i64::MAX.
        size_bytes: i64::try_from(received.size).unwrap_or(i64::MAX),
        sha256: received.sha256,
        storage_key: key.as_str().to_owned(),
        uploaded_by_user: granted.user_id(),
        uploaded_by_client: granted.client_id(),
    };
    let outcome = state
        .db
        .data()
        .tenant(granted.tenant(), move |conn| {
            let document = queries::insert(conn, &new)?;
            audit::record(
                conn,
                &AuditEvent::by(
                    org_id,
                    granted.actor(),
                    AuditAction::DocumentUploaded {
                        name: document.name.clone(),
                        kind: document.kind,
                        size_bytes: document.size_bytes,
                        sha256: document.sha256.clone(),
                    },
                )
                .target("document", id),
                &client,
            )?;
            Ok::<_, DocumentError>(document)
        })
        .await;
    if outcome.is_err()
        && let Err(cleanup) = state.storage.delete(&key).await
    {
        // The orphan sweeper removes it within a day.
        tracing::warn!(error = %cleanup, %key, "could not remove the blob of a failed upload");
    }
    outcome
}

/// A page of the organisation's documents, filtered and sorted (newest first by default).
pub(super) async fn list(
    state: &AppState,
    granted: &Grant,
    query: DocumentQuery,
    page: Page,
) -> Result<DocumentList, DocumentError> {
    let (limit, offset) = (page.limit, page.offset);
    let sort = query.sort.unwrap_or(DocumentSort::CreatedAtDesc);
    let org_id = granted.org_id();
    // Newest or oldest first without a search term, the page follows (org_id, created_at, id)
    // whatever the values: one kept plan. Other sorts read the organisation's rows and sort
    // them, where its size decides the scan; a term's selectivity decides whether the name
    // index pays: those are planned each time.
    let by_creation = matches!(sort, DocumentSort::CreatedAt | DocumentSort::CreatedAtDesc);
    let plan_cache = if by_creation && queries::search_term(&query).is_none() {
        PlanCache::Generic
    } else {
        PlanCache::Auto
    };
    let (rows, total) = state
        .db
        .data()
        .tenant_planned(granted.tenant(), plan_cache, move |conn| {
            Ok::<_, DocumentError>(queries::counted_page(
                conn,
                org_id,
                &query,
                sort,
                (limit, offset),
            )?)
        })
        .await?;
    Ok(DocumentList {
        items: rows.iter().map(DocumentResponse::from).collect(),
        total,
        limit,
        offset,
    })
}

/// Loads a document and records who accessed it, in one transaction.
pub(super) async fn access(
    state: &AppState,
    granted: Grant,
    client: ClientContext,
    id: Uuid,
    action: fn(DocumentName) -> AuditAction,
) -> Result<Document, DocumentError> {
    let org_id = granted.org_id();
    state
        .db
        .data()
        .tenant(granted.tenant(), move |conn| {
            let document = queries::find(conn, org_id, id)?.ok_or(DocumentError::NotFound)?;
            audit::record(
                conn,
                &AuditEvent::by(
                    org_id,
                    granted.actor(),
                    action(DocumentName {
                        name: document.name.clone(),
                    }),
                )
                .target("document", id),
                &client,
            )?;
            Ok(document)
        })
        .await
}

/// The document (its download audited) and its content, streamed from storage.
pub(super) async fn download(
    state: &AppState,
    granted: Grant,
    client: ClientContext,
    id: Uuid,
) -> Result<(Document, u64, ByteStream), DocumentError> {
    let org_id = granted.org_id();
    let document = access(state, granted, client, id, AuditAction::DocumentDownloaded).await?;
    let key = ObjectKey::parse_for(org_id, Area::Documents, &document.storage_key)
        .ok_or(DocumentError::KeyOutsideFolder)?;
    let (size, stream) = state.storage.get_stream(&key).await?;
    Ok((document, size, stream))
}

/// Deletes a document, its compliance results and their files: anyone holding
/// `DocumentsDeleteAny`, or whoever uploaded it.
pub(super) async fn delete(
    state: &AppState,
    granted: Grant,
    client: ClientContext,
    id: Uuid,
) -> Result<(), DocumentError> {
    let org_id = granted.org_id();
    let keys = state
        .db
        .data()
        .tenant(granted.tenant(), move |conn| {
            let document = queries::find(conn, org_id, id)?.ok_or(DocumentError::NotFound)?;
            let own = match (granted.user_id(), granted.client_id()) {
                (Some(user), _) => document.uploaded_by_user == Some(user),
                (None, client) => client.is_some() && document.uploaded_by_client == client,
            };
            if !own && !granted.holds(Permission::DocumentsDeleteAny) {
                return Err(DocumentError::NotYourDocument);
            }
            let result_keys = queries::result_keys(conn, org_id, id)?;
            queries::delete(conn, org_id, id)?;
            audit::record(
                conn,
                &AuditEvent::by(
                    org_id,
                    granted.actor(),
                    AuditAction::DocumentDeleted {
                        name: document.name.clone(),
                        sha256: document.sha256.clone(),
                    },
                )
                .target("document", id),
                &client,
            )?;
            let mut keys = vec![(Area::Documents, document.storage_key)];
            keys.extend(
                result_keys
                    .into_iter()
                    .map(|k| (Area::ComplianceResults, k)),
            );
            Ok(keys)
        })
        .await?;
    // The rows are gone; the files follow (the sweeper catches any that cannot go now).
    for (area, stored) in keys {
        if let Some(key) = ObjectKey::parse_for(org_id, area, &stored)
            && let Err(error) = state.storage.delete(&key).await
        {
            tracing::warn!(error = %error, %key, "could not delete a file of a deleted document");
        }
    }
    Ok(())
}
