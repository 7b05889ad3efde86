//! Compliance result rows.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::AppError;
use crate::ids::OrgId;
use vigil_data::schema::compliance_results;

vigil_core::text_enum! {
    pub enum ComplianceStatus {
        Compliant = "compliant",
        PartiallyCompliant = "partially_compliant",
        NonCompliant = "non_compliant",
        NotAssessed = "not_assessed",
    }
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = compliance_results)]
pub struct ComplianceResult {
    pub org_id: Uuid,
    pub id: Uuid,
    pub document_id: Uuid,
    pub standard: String,
    pub status: ComplianceStatus,
    pub score: Option<f64>,
    pub findings: Findings,
    pub storage_key: String,
    pub created_by_user: Option<Uuid>,
    pub created_by_client: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize, ToSchema, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The requirement checked, e.g. "1.10 Risk management".
    pub requirement: String,
    pub status: ComplianceStatus,
    pub evidence: Option<String>,
    pub recommendation: Option<String>,
}

/// The findings of a result as stored (JSONB); a row that does not decode is an error when it
/// is loaded, never an empty list.
#[derive(Debug, Clone, Default, diesel::deserialize::FromSqlRow)]
pub struct Findings(pub Vec<Finding>);

impl diesel::deserialize::FromSql<diesel::sql_types::Jsonb, diesel::pg::Pg> for Findings {
    fn from_sql(bytes: diesel::pg::PgValue<'_>) -> diesel::deserialize::Result<Self> {
        let value = <serde_json::Value as diesel::deserialize::FromSql<
            diesel::sql_types::Jsonb,
            diesel::pg::Pg,
        >>::from_sql(bytes)?;
        Ok(Findings(serde_json::from_value(value)?))
    }
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
