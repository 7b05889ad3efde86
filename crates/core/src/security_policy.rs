//! An organisation's security policy as sent and received (and as the audit log records it).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, Deserialize, ToSchema, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SecurityPolicyBody {
    /// Members must turn on two-step verification before they can use the organisation.
    pub require_mfa: bool,
    /// Sign members out of the organisation after this many minutes without activity (5 to
    /// 1440); `null` keeps the server default.
    pub session_idle_minutes: Option<i32>,
    /// Invitations may only go to these domains (and their subdomains); empty allows any.
    pub allowed_email_domains: Vec<String>,
}
