//! Document rows.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::kinds::DocumentKind;
use crate::error::AppError;
use crate::ids::OrgId;
use vigil_core::problem_code::ProblemCode;
use vigil_data::schema::documents;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = documents)]
pub struct Document {
    pub org_id: Uuid,
    pub id: Uuid,
    pub name: String,
    pub kind: DocumentKind,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub uploaded_by_user: Option<Uuid>,
    pub uploaded_by_client: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// The base query: one organisation's documents.
pub fn for_org(org_id: OrgId) -> documents::BoxedQuery<'static, diesel::pg::Pg> {
    documents::table
        .filter(documents::org_id.eq(org_id.into_uuid()))
        .into_boxed()
}

pub fn not_found() -> AppError {
    AppError::NotFound {
        code: ProblemCode::DocumentNotFound,
        detail: "No such document in this organisation.".into(),
    }
}

pub fn find(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> Result<Document, AppError> {
    for_org(org_id)
        .filter(documents::id.eq(id))
        .select(Document::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(not_found)
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
