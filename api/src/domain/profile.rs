use std::str::FromStr;

use super::bounded_text;

/// An IANA time zone name, e.g. `Australia/Perth`. Read from the database through the same
/// check, so a stored name this version does not know fails to load instead of becoming UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct TimeZone(chrono_tz::Tz);

impl TimeZone {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim();
        chrono_tz::Tz::from_str(value).map(Self).map_err(|_| {
            format!("\"{value}\" is not a known time zone; use a name like Australia/Sydney.")
        })
    }

    pub fn as_str(&self) -> &'static str {
        self.0.name()
    }

    pub fn tz(self) -> chrono_tz::Tz {
        self.0
    }
}

impl serde::Serialize for TimeZone {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for TimeZone {
    fn to_sql<'b>(
        &'b self,
        out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
    ) -> diesel::serialize::Result {
        <str as diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg>>::to_sql(
            self.as_str(),
            out,
        )
    }
}

impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::pg::Pg> for TimeZone {
    fn from_sql(bytes: diesel::pg::PgValue<'_>) -> diesel::deserialize::Result<Self> {
        let raw = <String as diesel::deserialize::FromSql<
            diesel::sql_types::Text,
            diesel::pg::Pg,
        >>::from_sql(bytes)?;
        Ok(Self::parse(&raw)?)
    }
}

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
