//! The organisation's security policy: MFA required of members, a stricter session idle timeout,
//! and the email domains invitations may go to.

use diesel::pg::PgConnection;
use diesel::prelude::*;

use crate::db::schema::security_policies;
use crate::domain::Email;
use crate::error::AppError;
use crate::ids::OrgId;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityPolicy {
    pub require_mfa: bool,
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
pub fn policy(conn: &mut PgConnection, org_id: OrgId) -> Result<SecurityPolicy, AppError> {
    let row: Option<(bool, Option<i32>, Vec<String>)> = security_policies::table
        .find(org_id.into_uuid())
        .select((
            security_policies::require_mfa,
            security_policies::session_idle_minutes,
            security_policies::allowed_email_domains,
        ))
        .first(conn)
        .optional()?;
    Ok(row
        .map(
            |(require_mfa, session_idle_minutes, allowed_email_domains)| SecurityPolicy {
                require_mfa,
                session_idle_minutes,
                allowed_email_domains,
            },
        )
        .unwrap_or_default())
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
