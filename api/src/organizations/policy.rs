//! An organisation's security policy as stored and as the API shows it; its endpoints are in
//! `security`.

use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::domain::Email;
use crate::ids::OrgId;
use vigil_data::schema::security_policies;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityPolicy {
    pub require_mfa: bool,
    pub require_passkey: PasskeyRequirement,
    pub session_idle_minutes: Option<i32>,
    /// Lower-case; empty means any domain.
    pub allowed_email_domains: Vec<String>,
}

impl SecurityPolicy {
    /// Whether invitations may go to this address (its domain or a subdomain of an allowed one).
    pub fn allows_email_domain(&self, email: &Email) -> bool {
        let domain = email.domain().to_lowercase();
        self.allowed_email_domains.is_empty()
            || self
                .allowed_email_domains
                .iter()
                .any(|allowed| domain == *allowed || domain.ends_with(&format!(".{allowed}")))
    }
}

/// The policy in force (the defaults when none was saved). Tenant transaction.
pub fn policy(conn: &mut PgConnection, org_id: OrgId) -> QueryResult<SecurityPolicy> {
    let row: Option<(bool, PasskeyRequirement, Option<i32>, Vec<String>)> =
        security_policies::table
            .find(org_id)
            .select((
                security_policies::require_mfa,
                security_policies::require_passkey,
                security_policies::session_idle_minutes,
                security_policies::allowed_email_domains,
            ))
            .first(conn)
            .optional()?;
    Ok(row
        .map(
            |(require_mfa, require_passkey, session_idle_minutes, allowed_email_domains)| {
                SecurityPolicy {
                    require_mfa,
                    require_passkey,
                    session_idle_minutes,
                    allowed_email_domains,
                }
            },
        )
        .unwrap_or_default())
}

pub use vigil_core::security_policy::{PasskeyRequirement, SecurityPolicyBody};

impl From<SecurityPolicy> for SecurityPolicyBody {
    fn from(p: SecurityPolicy) -> Self {
        Self {
            require_mfa: p.require_mfa,
            require_passkey: Some(p.require_passkey),
            session_idle_minutes: p.session_idle_minutes,
            allowed_email_domains: p.allowed_email_domains,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_match_exactly_or_as_subdomains() {
        let policy = SecurityPolicy {
            allowed_email_domains: vec!["harbourview.com.au".into()],
            ..SecurityPolicy::default()
        };
        let email = |s: &str| Email::parse(s).unwrap();
        assert!(policy.allows_email_domain(&email("a@harbourview.com.au")));
        assert!(policy.allows_email_domain(&email("a@Mail.HarbourView.com.au")));
        assert!(!policy.allows_email_domain(&email("a@evilharbourview.com.au")));
        assert!(!policy.allows_email_domain(&email("a@gmail.com")));
        assert!(SecurityPolicy::default().allows_email_domain(&email("a@gmail.com")));
    }
}
