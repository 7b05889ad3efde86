use validator::ValidateEmail;

/// An email address: trimmed, at most 254 characters, syntactically valid. Stored as typed;
/// compared case-insensitively (one account per address).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim();
        if value.is_empty() {
            return Err("Email is required.".into());
        }
        if value.chars().count() > 254 {
            return Err("Email must be at most 254 characters.".into());
        }
        // PostgreSQL refuses NUL in text, and no address has control characters.
        if value.chars().any(char::is_control) {
            return Err("Enter a valid email address, like name@example.com.au.".into());
        }
        if !value.validate_email() {
            return Err("Enter a valid email address, like name@example.com.au.".into());
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used for lookups and uniqueness.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }

    pub fn local_part(&self) -> &str {
        self.0.split('@').next().unwrap_or_default()
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit('@').next().unwrap_or_default()
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_addresses_parse_and_normalise() {
        let email = Email::parse("  Jane.Citizen@Clinic.com.au ").unwrap();
        assert_eq!(email.as_str(), "Jane.Citizen@Clinic.com.au");
        assert_eq!(email.normalized(), "jane.citizen@clinic.com.au");
        assert_eq!(email.local_part(), "Jane.Citizen");
        assert_eq!(email.domain(), "Clinic.com.au");
    }

    #[test]
    fn invalid_addresses_are_refused_with_a_reason() {
        for raw in [
            "",
            "   ",
            "no-at-sign",
            "a@",
            "@b.com",
            "a b@c.com",
            "a\0@b.com",
            "a@b\u{7}.com",
        ] {
            assert!(Email::parse(raw).is_err(), "{raw:?}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(Email::parse(&long).unwrap_err().contains("254"));
    }
}
