//! How a document measures up against a standard: the status words and the findings.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::text_enum! {
    pub enum ComplianceStatus {
        Compliant = "compliant",
        PartiallyCompliant = "partially_compliant",
        NonCompliant = "non_compliant",
        NotAssessed = "not_assessed",
    }
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
