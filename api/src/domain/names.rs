use super::bounded_text;

/// A person's first or last name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str, what: &str) -> Result<Self, String> {
        bounded_text(raw, what, 1, 100).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An organisation's display name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgName(String);

impl OrgName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        bounded_text(raw, "Organisation name", 2, 200).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A URL-friendly base for the organisation's slug (ASCII letters and digits, hyphens).
    pub fn slug_base(&self) -> String {
        let mut slug = String::new();
        for c in self.0.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
            if slug.len() >= 40 {
                break;
            }
        }
        let slug = slug.trim_end_matches('-').to_owned();
        if slug.is_empty() { "org".into() } else { slug }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            PersonName::parse("  Jane ", "First name").unwrap().as_str(),
            "Jane"
        );
        assert_eq!(
            PersonName::parse("", "First name").unwrap_err(),
            "First name is required."
        );
        assert!(PersonName::parse(&"x".repeat(101), "Last name").is_err());
        assert!(PersonName::parse("a\u{0}b", "Last name").is_err());
        assert!(OrgName::parse("A").is_err());
    }

    #[test]
    fn slugs_are_ascii_and_never_empty() {
        let slug = |s: &str| OrgName::parse(s).unwrap().slug_base();
        assert_eq!(
            slug("Harbour View Medical Centre"),
            "harbour-view-medical-centre"
        );
        assert_eq!(slug("St. Mary's -- Aged Care!"), "st-mary-s-aged-care");
        assert_eq!(slug("診療所クリニック"), "org");
        assert!(slug(&"Long name ".repeat(20)).len() <= 41);
    }
}
