//! Compliance result rows.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::schema::compliance_results;
use crate::error::AppError;
use crate::ids::OrgId;

#[derive(
    Serialize,
    Deserialize,
    ToSchema,
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
pub enum ComplianceStatus {
    Compliant,
    PartiallyCompliant,
    NonCompliant,
    NotAssessed,
}

impl ComplianceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ComplianceStatus::Compliant => "compliant",
            ComplianceStatus::PartiallyCompliant => "partially_compliant",
            ComplianceStatus::NonCompliant => "non_compliant",
            ComplianceStatus::NotAssessed => "not_assessed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            ComplianceStatus::Compliant,
            ComplianceStatus::PartiallyCompliant,
            ComplianceStatus::NonCompliant,
            ComplianceStatus::NotAssessed,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }
}

vigil_core::text_column!(ComplianceStatus);

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = compliance_results)]
pub struct ComplianceResult {
    pub org_id: Uuid,
    pub id: Uuid,
    pub document_id: Uuid,
    pub standard: String,
    pub status: ComplianceStatus,
    pub score: Option<f64>,
    pub findings: serde_json::Value,
    pub storage_key: String,
    pub created_by_user: Option<Uuid>,
    pub created_by_client: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

pub fn for_org(org_id: OrgId) -> compliance_results::BoxedQuery<'static, diesel::pg::Pg> {
    compliance_results::table
        .filter(compliance_results::org_id.eq(org_id.into_uuid()))
        .into_boxed()
}

/// The storage keys of a document's results (so deleting it can remove their files).
pub fn storage_keys_of_document(
    conn: &mut PgConnection,
    org_id: OrgId,
    document_id: Uuid,
) -> Result<Vec<String>, AppError> {
    Ok(for_org(org_id)
        .filter(compliance_results::document_id.eq(document_id))
        .select(compliance_results::storage_key)
        .load(conn)?)
}
