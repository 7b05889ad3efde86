//! The reports Vigil generates.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::text_enum! {
    pub enum ReportKind {
        /// The latest result per document and standard.
        ComplianceSummary = "compliance_summary",
        /// Every audit event of the organisation.
        AuditLog = "audit_log",
    }
}

#[derive(Serialize, Deserialize, ToSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Csv,
}

crate::text_enum! {
    /// Where a report is in its making.
    pub enum ReportStatus {
        /// Queued or being built.
        Pending = "pending",
        /// Built; it can be downloaded.
        Ready = "ready",
        /// Building it failed; ask for a new one.
        Failed = "failed",
    }
}
