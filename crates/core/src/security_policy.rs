//! An organisation's security policy as sent and received, and as the audit log records it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::roles::Role;

crate::text_enum! {
    /// Who must sign in with a passkey (phishing-resistant MFA) to use the organisation.
    #[derive(Default)]
    pub enum PasskeyRequirement {
        /// No one (other factors are governed by `require_mfa`).
        #[default]
        Off = "off",
        /// Owners and administrators.
        OwnersAndAdmins = "owners_and_admins",
        /// Every member.
        Everyone = "everyone",
    }
}

impl PasskeyRequirement {
    pub fn is_off(&self) -> bool {
        *self == PasskeyRequirement::Off
    }

    /// Whether members with `role` must use a passkey.
    pub fn applies_to(self, role: Role) -> bool {
        match self {
            PasskeyRequirement::Off => false,
            PasskeyRequirement::OwnersAndAdmins => matches!(role, Role::Owner | Role::Admin),
            PasskeyRequirement::Everyone => true,
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SecurityPolicyBody {
    /// Members must turn on two-step verification before they can use the organisation.
    pub require_mfa: bool,
    /// Who must sign in with a passkey: `off`, `owners_and_admins` or `everyone` (Essential
    /// Eight Maturity Level 3 asks for phishing-resistant MFA for everyone). Always in answers;
    /// absent in a request keeps the current setting, so a client written before it existed
    /// cannot switch it off by accident.
    #[serde(default)]
    pub require_passkey: Option<PasskeyRequirement>,
    /// Sign members out of the organisation after this many minutes without activity (5 to
    /// 1440); `null` keeps the server default.
    pub session_idle_minutes: Option<i32>,
    /// Invitations may only go to these domains (and their subdomains); empty allows any.
    pub allowed_email_domains: Vec<String>,
}

/// The policy as the audit log records it: `require_passkey` is left out when off, so the
/// events recorded before it existed read back exactly as they were stored.
#[derive(Serialize, Deserialize, ToSchema, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RecordedSecurityPolicy {
    pub require_mfa: bool,
    #[serde(default, skip_serializing_if = "PasskeyRequirement::is_off")]
    pub require_passkey: PasskeyRequirement,
    pub session_idle_minutes: Option<i32>,
    pub allowed_email_domains: Vec<String>,
}

impl From<SecurityPolicyBody> for RecordedSecurityPolicy {
    fn from(body: SecurityPolicyBody) -> Self {
        Self {
            require_mfa: body.require_mfa,
            require_passkey: body.require_passkey.unwrap_or_default(),
            session_idle_minutes: body.session_idle_minutes,
            allowed_email_domains: body.allowed_email_domains,
        }
    }
}
