//! The document endpoints: each extracts the request, calls [`service`] and answers; the
//! service's [`DocumentError`](super::DocumentError) becomes the problem response at the
//! handler's `?`.
#![allow(
    unused_qualifications,
    reason = "utoipa's expansion of a handler's IntoParams query names the type by a path"
)]

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post, web};
use futures_util::TryStreamExt;
use uuid::Uuid;

use crate::audit::AuditAction;
use crate::authz::Grant;
use crate::documents::dto::{DocumentList, DocumentQuery, DocumentResponse};
use crate::documents::service;
use crate::error::AppError;
use crate::http::client::ClientContext;
use crate::http::page::{Page, PageQuery};
use crate::http::problem::responses;
use crate::state::AppState;

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
    let document = service::upload(&state, granted, client, form).await?;
    Ok(HttpResponse::Created().json(DocumentResponse::from(&document)))
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
    let list = service::list(&state, &granted, query.into_inner(), page).await?;
    Ok(HttpResponse::Ok().json(list))
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
        service::access(&state, granted, client, id, AuditAction::DocumentViewed).await?;
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
    let (document, size, stream) = service::download(&state, granted, client, id).await?;
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
    service::delete(&state, granted, client, id).await?;
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
