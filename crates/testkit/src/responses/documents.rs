//! Documents.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;
use vigil_core::documents::DocumentKind;

/// `DocumentResponse`.
#[derive(Deserialize, Debug, Clone)]
pub struct Document {
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
