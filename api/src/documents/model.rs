//! Documents: the row (from the data layer), its 404 and its API shape.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::kinds::DocumentKind;
use crate::error::AppError;
use crate::ids::OrgId;
use vigil_core::problem_code::ProblemCode;

pub use vigil_data::models::documents::{Document, for_org};

pub fn not_found() -> AppError {
    AppError::NotFound {
        code: ProblemCode::DocumentNotFound,
        detail: "No such document in this organisation.".into(),
    }
}

pub fn find(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> Result<Document, AppError> {
    vigil_data::models::documents::find(conn, org_id, id)?.ok_or_else(not_found)
}

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
            uploaded_by_user: d.uploaded_by_user,
            uploaded_by_client: d.uploaded_by_client,
            created_at: d.created_at,
        }
    }
}
