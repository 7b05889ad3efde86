//! Document rows.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;
use vigil_core::documents::DocumentKind;
use vigil_core::ids::{OrgId, UserId};

use crate::schema::documents;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = documents)]
pub struct Document {
    pub org_id: OrgId,
    pub id: Uuid,
    pub name: String,
    pub kind: DocumentKind,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub uploaded_by_user: Option<UserId>,
    pub uploaded_by_client: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// The base query: one organisation's documents.
pub fn for_org(org_id: OrgId) -> documents::BoxedQuery<'static, diesel::pg::Pg> {
    documents::table
        .filter(documents::org_id.eq(org_id))
        .into_boxed()
}

pub fn find(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> QueryResult<Option<Document>> {
    for_org(org_id)
        .filter(documents::id.eq(id))
        .select(Document::as_select())
        .first(conn)
        .optional()
}
