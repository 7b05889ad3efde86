//! Document endpoints: upload (streamed, scanned, typed by content), list, metadata, download
//! and delete. Every access to a document is audited.
#![allow(
    unused_qualifications,
    reason = "utoipa's expansion of a handler's IntoParams query names the type by a path"
)]

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use futures_util::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::kinds::{self, DocumentKind};
use super::model::{self, Document, DocumentResponse};
use super::scanner::{Scan, ScanError, Verdict};
use crate::audit::events::DocumentName;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::authz::{Grant, Permission};
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::multipart;
use crate::http::page::{Page, PageQuery};
use crate::http::problem::responses;
use crate::ids::OrgId;
use crate::state::AppState;
use crate::storage::{Area, BlobName, ObjectKey};
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::documents;

/// How much of the start of a file is kept in memory to recognise its type.
const SNIFF_BYTES: usize = 64 * 1024;

fn document_key(org_id: OrgId, id: Uuid) -> ObjectKey {
    ObjectKey::new(
        org_id,
        Area::Documents,
        &BlobName::sanitize(&id.to_string()),
    )
}

fn file_problem(code: ProblemCode, message: impl Into<String>) -> AppError {
    let mut error = AppError::invalid_field("file", message);
    if let AppError::Validation { code: c, .. } = &mut error {
        *c = code;
    }
    error
}

fn scanner_unavailable(error: ScanError) -> AppError {
    tracing::error!(error = %error, "malware scanner unavailable");
    AppError::ServiceUnavailable {
        code: ProblemCode::ScannerUnavailable,
        detail: "Uploads cannot be checked for malware right now, so nothing was stored. Please retry shortly.".into(),
    }
}

fn staging_error(error: std::io::Error) -> AppError {
    AppError::Unexpected(anyhow::Error::new(error).context("staging an upload"))
}

/// An upload received in full: on disk (staged), scanned, hashed, typed.
struct Received {
    staged: tempfile::TempPath,
    name: String,
    kind: DocumentKind,
    size: u64,
    sha256: String,
}

/// Streams the `file` field to a staging file (and to the scanner), never holding it whole.
async fn receive(state: &AppState, mut form: Multipart) -> Result<Received, AppError> {
    let limit = state.config.documents.max_bytes;
    let staging_dir = state
        .config
        .documents
        .staging_dir
        .clone()
        .unwrap_or_else(std::env::temp_dir);
    while let Some(mut field) = form.try_next().await.map_err(multipart::error)? {
        if field.name() != Some("file") {
            continue;
        }
        let name =
            kinds::display_name(field.content_disposition().and_then(|cd| cd.get_filename()));
        let staged = tempfile::Builder::new()
            .prefix("vigil-upload-")
            .tempfile_in(&staging_dir)
            .map_err(staging_error)?
            .into_temp_path();
        let mut file = tokio::fs::File::create(&staged)
            .await
            .map_err(staging_error)?;
        let mut scan = match &state.config.documents.clamav_address {
            Some(address) => Some(Scan::start(address).await.map_err(scanner_unavailable)?),
            None => None,
        };
        let mut hasher = Sha256::new();
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        let mut size: u64 = 0;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(multipart::error)?;
            size += chunk.len() as u64;
            if size > limit {
                return Err(AppError::PayloadTooLarge {
                    limit: usize::try_from(limit).unwrap_or(usize::MAX),
                });
            }
            if head.len() < SNIFF_BYTES {
                let take = (SNIFF_BYTES - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
            }
            hasher.update(&chunk);
            file.write_all(&chunk).await.map_err(staging_error)?;
            if let Some(scan) = &mut scan {
                scan.send(&chunk).await.map_err(scanner_unavailable)?;
            }
        }
        file.flush().await.map_err(staging_error)?;
        drop(file);
        if size == 0 {
            return Err(file_problem(ProblemCode::EmptyFile, "The file is empty."));
        }
        let verdict = match scan {
            Some(scan) => scan.finish().await.map_err(scanner_unavailable)?,
            None => Verdict::Clean,
        };
        if let Verdict::Infected(signature) = verdict {
            tracing::warn!(%signature, "infected upload refused");
            return Err(file_problem(
                ProblemCode::MalwareDetected,
                "The malware scanner found a threat in this file, so it was not stored. Check the file with your IT support.",
            ));
        }
        let (sniff_path, sniff_name) = (staged.to_path_buf(), name.clone());
        let kind = tokio::task::spawn_blocking(move || kinds::detect(&head, &sniff_path, &sniff_name))
            .await
            .map_err(|e| AppError::unexpected(format!("type detection failed: {e}")))?
            .ok_or_else(|| {
                file_problem(
                    ProblemCode::UnsupportedDocumentType,
                    "Upload a PDF, Word (.docx), Excel (.xlsx), CSV, text, PNG or JPEG file. The type is checked from the content, not the name.",
                )
            })?;
        return Ok(Received {
            staged,
            name,
            kind,
            size,
            sha256: hex::encode(hasher.finalize()),
        });
    }
    Err(file_problem(
        ProblemCode::FileMissing,
        "Attach the file as a form field named `file`.",
    ))
}

/// Uploads a document (multipart field `file`; at most 50 MB by default). It is streamed to
/// disk, scanned for malware when a scanner is configured, typed by its content (PDF, DOCX,
/// XLSX, CSV, TXT, PNG, JPEG), then stored under the organisation's `documents/` folder.
#[utoipa::path(
    tag = "documents",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    request_body(content_type = "multipart/form-data", description = "A form with one field, `file`"),
    responses(
        (status = 201, description = "Stored", body = DocumentResponse),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 413, response = responses::PayloadTooLarge),
        (status = 415, response = responses::UnsupportedMediaType),
        (status = 422, response = responses::UnprocessableEntity),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[post("/documents")]
pub(crate) async fn upload_document(
    state: web::Data<AppState>,
    granted: Grant,
    client: ClientContext,
    form: Multipart,
) -> Result<HttpResponse, AppError> {
    let received = receive(&state, form).await?;
    let org_id = granted.org_id();
    let id = Uuid::new_v4();
    let key = document_key(org_id, id);
    // Blob first, then the row in a transaction; the blob goes again if the row cannot be written.
    state.storage.put_file(&key, &received.staged).await?;
    let stored_key = key.as_str().to_owned();
    let outcome = state
        .db
        .tenant(granted.tenant(), move |conn| {
            let document: Document = diesel::insert_into(documents::table)
                .values((
                    documents::org_id.eq(org_id.into_uuid()),
                    documents::id.eq(id),
                    documents::name.eq(&received.name),
                    documents::kind.eq(received.kind.as_str()),
                    documents::content_type.eq(received.kind.content_type()),
                    documents::size_bytes.eq(i64::try_from(received.size).unwrap_or(i64::MAX)),
                    documents::sha256.eq(&received.sha256),
                    documents::storage_key.eq(&stored_key),
                    documents::uploaded_by_user.eq(granted.user_id().map(|u| u.into_uuid())),
                    documents::uploaded_by_client.eq(granted.client_id()),
                ))
                .returning(Document::as_returning())
                .get_result(conn)?;
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
            Ok(document)
        })
        .await;
    match outcome {
        Ok(document) => Ok(HttpResponse::Created().json(DocumentResponse::from(&document))),
        Err(error) => {
            if let Err(cleanup) = state.storage.delete(&key).await {
                // The orphan sweeper removes it within a day.
                tracing::warn!(error = %cleanup, %key, "could not remove the blob of a failed upload");
            }
            Err(error)
        }
    }
}

#[derive(Deserialize, IntoParams, Debug, Default)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// Part of the name (case-insensitive).
    pub q: Option<String>,
    pub kind: Option<DocumentKind>,
    /// Uploaded at or after (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Uploaded before (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// Newest first by default.
    pub sort: Option<DocumentSort>,
}

vigil_core::text_enum! {
    /// The order of a documents list (`-` first: descending).
    pub enum DocumentSort {
        CreatedAt = "created_at",
        CreatedAtDesc = "-created_at",
        Name = "name",
        NameDesc = "-name",
        Size = "size",
        SizeDesc = "-size",
    }
}

#[derive(Serialize, ToSchema)]
pub struct DocumentList {
    pub items: Vec<DocumentResponse>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

/// The organisation's documents: searchable, filterable by type and date, sorted, paginated.
#[allow(
    unused_qualifications,
    reason = "utoipa's IntoParams expansion names the query type by its path"
)]
#[utoipa::path(
    tag = "documents",
    params(("org_id" = Uuid, Path, description = "Organisation id"), DocumentQuery, PageQuery),
    responses(
        (status = 200, description = "A page of documents", body = DocumentList),
        (status = 400, response = responses::BadRequest),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/documents")]
pub(crate) async fn list_documents(
    state: web::Data<AppState>,
    granted: Grant,
    query: web::Query<DocumentQuery>,
    page: Page,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let (limit, offset) = (page.limit, page.offset);
    let sort = query.sort.unwrap_or(DocumentSort::CreatedAtDesc);
    let org_id = granted.org_id();
    let (rows, total) = state
        .db
        .tenant(granted.tenant(), move |conn| {
            let total: i64 = filtered(org_id, &query).count().get_result(conn)?;
            let rows: Vec<Document> = page_of(org_id, &query, sort, limit, offset)
                .select(Document::as_select())
                .load(conn)?;
            Ok((rows, total))
        })
        .await?;
    Ok(HttpResponse::Ok().json(DocumentList {
        items: rows.iter().map(DocumentResponse::from).collect(),
        total,
        limit,
        offset,
    }))
}

/// The documents a list query matches (its filters, before sorting and paging).
pub fn filtered(
    org_id: OrgId,
    query: &DocumentQuery,
) -> documents::BoxedQuery<'static, diesel::pg::Pg> {
    let mut q = model::for_org(org_id);
    if let Some(term) = query.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let escaped = term
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        q = q.filter(documents::name.ilike(format!("%{escaped}%")));
    }
    if let Some(kind) = query.kind {
        q = q.filter(documents::kind.eq(kind.as_str()));
    }
    if let Some(from) = query.from {
        q = q.filter(documents::created_at.ge(from));
    }
    if let Some(to) = query.to {
        q = q.filter(documents::created_at.lt(to));
    }
    q
}

/// One page of a list query, sorted.
/// `vigil bench list-documents-sql` prints the same SQL for pgbench.
pub fn page_of(
    org_id: OrgId,
    query: &DocumentQuery,
    sort: DocumentSort,
    limit: i64,
    offset: i64,
) -> documents::BoxedQuery<'static, diesel::pg::Pg> {
    let filtered = filtered(org_id, query);
    let ordered = match sort {
        DocumentSort::CreatedAt => {
            filtered.order((documents::created_at.asc(), documents::id.asc()))
        }
        DocumentSort::CreatedAtDesc => {
            filtered.order((documents::created_at.desc(), documents::id.desc()))
        }
        DocumentSort::Name => filtered.order((documents::name.asc(), documents::id.asc())),
        DocumentSort::NameDesc => filtered.order((documents::name.desc(), documents::id.desc())),
        DocumentSort::Size => filtered.order((documents::size_bytes.asc(), documents::id.asc())),
        DocumentSort::SizeDesc => {
            filtered.order((documents::size_bytes.desc(), documents::id.desc()))
        }
    };
    ordered.limit(limit).offset(offset)
}

/// Loads a document and records who accessed it, in one transaction.
async fn access_document(
    state: &AppState,
    granted: Grant,
    client: ClientContext,
    id: Uuid,
    action: fn(DocumentName) -> AuditAction,
) -> Result<Document, AppError> {
    let org_id = granted.org_id();
    state
        .db
        .tenant(granted.tenant(), move |conn| {
            let document = model::find(conn, org_id, id)?;
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

/// A document's metadata. The access is audited.
#[utoipa::path(
    tag = "documents",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("document_id" = Uuid, Path, description = "Document id"),
    ),
    responses(
        (status = 200, description = "The document", body = DocumentResponse),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[get("/documents/{document_id}")]
pub(crate) async fn get_document(
    state: web::Data<AppState>,
    granted: Grant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let document =
        access_document(&state, granted, client, id, AuditAction::DocumentViewed).await?;
    Ok(HttpResponse::Ok().json(DocumentResponse::from(&document)))
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Downloads the document's content (streamed, as an attachment). The download is audited.
#[utoipa::path(
    tag = "documents",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("document_id" = Uuid, Path, description = "Document id"),
    ),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
        (status = 503, response = responses::ServiceUnavailable),
    )
)]
#[get("/documents/{document_id}/content")]
pub(crate) async fn download_document(
    state: web::Data<AppState>,
    granted: Grant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let org_id = granted.org_id();
    let document =
        access_document(&state, granted, client, id, AuditAction::DocumentDownloaded).await?;
    let key = ObjectKey::parse_for(org_id, Area::Documents, &document.storage_key)
        .ok_or_else(|| AppError::unexpected("a document's storage key is outside its folder"))?;
    let (size, stream) = state.storage.get_stream(&key).await?;
    Ok(HttpResponse::Ok()
        .content_type(document.content_type.clone())
        .insert_header((
            header::CONTENT_DISPOSITION,
            content_disposition(&document.name),
        ))
        .insert_header((header::CONTENT_LENGTH, size))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .streaming(stream.map_err(|e| actix_web::error::ErrorServiceUnavailable(e.to_string()))))
}

/// Deletes a document, its compliance results and their files. Owners and administrators delete
/// any document; members, and API clients with `documents:write`, only the ones they uploaded.
#[utoipa::path(
    tag = "documents",
    params(
        ("org_id" = Uuid, Path, description = "Organisation id"),
        ("document_id" = Uuid, Path, description = "Document id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = responses::Unauthorized),
        (status = 403, response = responses::Forbidden),
        (status = 404, response = responses::NotFound),
    )
)]
#[delete("/documents/{document_id}")]
pub(crate) async fn delete_document(
    state: web::Data<AppState>,
    granted: Grant,
    client: ClientContext,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let org_id = granted.org_id();
    let keys = state
        .db
        .tenant(granted.tenant(), move |conn| {
            let document = model::find(conn, org_id, id)?;
            let own = match (granted.user_id(), granted.client_id()) {
                (Some(user), _) => document.uploaded_by_user == Some(user.into_uuid()),
                (None, client) => client.is_some() && document.uploaded_by_client == client,
            };
            if !own && !granted.holds(Permission::DocumentsDeleteAny) {
                return Err(AppError::Forbidden {
                    code: ProblemCode::NotYourDocument,
                    detail: "You can delete only documents you uploaded. Ask an owner or administrator to delete this one.".into(),
                });
            }
            let result_keys = crate::compliance::model::storage_keys_of_document(conn, org_id, id)?;
            diesel::delete(documents::table.find((org_id.into_uuid(), id))).execute(conn)?;
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
    Ok(HttpResponse::NoContent().finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_keep_their_names_safely() {
        assert_eq!(
            content_disposition("Policy v2.pdf"),
            "attachment; filename=\"Policy v2.pdf\"; filename*=UTF-8''Policy%20v2.pdf"
        );
        let header = content_disposition("Réponse \"final\".pdf");
        assert!(
            header.starts_with("attachment; filename=\"R_ponse _final_.pdf\""),
            "{header}"
        );
        assert!(
            header.contains("R%C3%A9ponse%20%22final%22.pdf"),
            "{header}"
        );
    }
}
