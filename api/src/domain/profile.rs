use super::bounded_text;

pub use vigil_core::time_zone::TimeZone;

/// A phone number as people write it: digits, spaces, parentheses, hyphens, a leading +.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim();
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let allowed = value
            .char_indices()
            .all(|(i, c)| c.is_ascii_digit() || " ()-".contains(c) || (c == '+' && i == 0));
        if !allowed || !(6..=15).contains(&digits) || value.len() > 30 {
            return Err("Enter a phone number like 02 9876 5432 or +61 412 345 678.".into());
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A job title, e.g. "Practice Manager".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobTitle(String);

impl JobTitle {
    pub fn parse(raw: &str) -> Result<Self, String> {
        bounded_text(raw, "Job title", 1, 100).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_zones_and_phones() {
        assert_eq!(
            TimeZone::parse("Australia/Perth").unwrap().as_str(),
            "Australia/Perth"
        );
        assert!(TimeZone::parse("Mars/Olympus").is_err());
        assert!(Phone::parse("+61 412 345 678").is_ok());
        assert!(Phone::parse("(02) 9876-5432").is_ok());
        assert!(Phone::parse("call me").is_err());
        assert!(Phone::parse("12+34").is_err());
        assert!(Phone::parse("123").is_err());
    }
}
