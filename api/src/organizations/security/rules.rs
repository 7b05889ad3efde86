//! What a security policy may say: idle limits, at most 20 domains, each a real domain name.

use crate::domain::{Fields, Invalid};

use crate::organizations::policy::{SecurityPolicy, SecurityPolicyBody};

const IDLE_MINUTES: std::ops::RangeInclusive<i32> = 5..=1440;
const MAX_DOMAINS: usize = 20;

/// The policy the body asks for, with its domains normalised and deduplicated, or every field
/// that is wrong.
pub(super) fn parse(body: SecurityPolicyBody) -> Result<SecurityPolicy, Invalid> {
    let mut fields = Fields::new();
    if body
        .session_idle_minutes
        .is_some_and(|m| !IDLE_MINUTES.contains(&m))
    {
        fields.add(
            "session_idle_minutes",
            "Choose between 5 and 1440 minutes, or null for the default.",
        );
    }
    if body.allowed_email_domains.len() > MAX_DOMAINS {
        fields.add("allowed_email_domains", "List at most 20 domains.");
    }
    let mut domains = Vec::new();
    for raw in &body.allowed_email_domains {
        if let Some(domain) = fields.take("allowed_email_domains", parse_domain(raw))
            && !domains.contains(&domain)
        {
            domains.push(domain);
        }
    }
    fields.finish(Some(()))?;
    Ok(SecurityPolicy {
        require_mfa: body.require_mfa,
        require_passkey: body.require_passkey.unwrap_or_default(),
        session_idle_minutes: body.session_idle_minutes,
        allowed_email_domains: domains,
    })
}

/// A domain name as people type it: lower-cased, no `@`, at least one dot.
fn parse_domain(raw: &str) -> Result<String, String> {
    let domain = raw.trim().trim_start_matches('@').to_lowercase();
    let valid = domain.len() <= 253
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    if valid {
        Ok(domain)
    } else {
        Err(format!(
            "\"{raw}\" is not a domain name like clinic.com.au."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_normalised_and_checked() {
        assert_eq!(
            parse_domain(" @HarbourView.com.au ").unwrap(),
            "harbourview.com.au"
        );
        assert!(parse_domain("localhost").is_err());
        assert!(parse_domain("bad_domain.com").is_err());
        assert!(parse_domain("-x.com").is_err());
    }

    #[test]
    fn duplicate_domains_are_kept_once_and_idle_limits_checked() {
        let body = |idle, domains: &[&str]| SecurityPolicyBody {
            require_mfa: false,
            require_passkey: None,
            session_idle_minutes: idle,
            allowed_email_domains: domains.iter().map(|d| (*d).to_owned()).collect(),
        };
        let policy = parse(body(Some(5), &["Clinic.com.au", "@clinic.com.au"])).unwrap();
        assert_eq!(policy.allowed_email_domains, ["clinic.com.au"]);
        assert!(parse(body(Some(4), &[])).is_err());
        assert!(parse(body(Some(1441), &[])).is_err());
        assert!(parse(body(None, &[])).is_ok());
    }
}
