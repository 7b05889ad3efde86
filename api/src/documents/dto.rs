//! What the document endpoints read and answer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::documents::kinds::DocumentKind;
use vigil_data::models::documents::Document;

#[derive(Serialize, Deserialize, ToSchema, Debug)]
pub struct DocumentResponse {
    pub id: Uuid,
    pub name: String,
    pub kind: DocumentKind,
    pub content_type: String,
    pub size_bytes: i64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    pub uploaded_by_user: Option<Uuid>,
    pub uploaded_by_client: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl From<&Document> for DocumentResponse {
    fn from(d: &Document) -> Self {
        Self {
            id: d.id,
            name: d.name.clone(),
            kind: d.kind,
            content_type: d.content_type.clone(),
            size_bytes: d.size_bytes,
            sha256: d.sha256.clone(),
            uploaded_by_user: d.uploaded_by_user.map(Uuid::from),
            uploaded_by_client: d.uploaded_by_client,
            created_at: d.created_at,
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
