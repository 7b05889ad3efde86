//! One legacy cell at a time: ids, text, timestamps, statuses, standards, names, scores and
//! findings, each turned into Vigil's value or a message saying what is wrong with it.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rusqlite::types::Value;

use vigil::compliance::ComplianceStatus;
use vigil::compliance::Finding;
use vigil::domain::{Email, PersonName};

/// A cell as shown in a message: text quoted, at most 80 characters.
pub(super) fn display(value: &Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Integer(n) => n.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(s) => {
            let mut shown: String = s.chars().take(80).collect();
            if s.chars().count() > 80 {
                shown.push('…');
            }
            format!("{shown:?}")
        }
        Value::Blob(b) => format!("<{} bytes of binary data>", b.len()),
    }
}

pub(super) fn text(value: &Value, column: &str) -> Result<Option<String>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Text(s) => Ok(Some(s.clone())),
        Value::Integer(_) | Value::Real(_) => Ok(Some(display(value))),
        Value::Blob(_) => Err(format!("{column} is binary data, not text")),
    }
}

pub(super) fn required_text(value: &Value, column: &str) -> Result<String, String> {
    text(value, column)?
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| format!("{column} is missing"))
}

pub(super) fn reference(value: &Value, column: &str) -> Result<Option<i64>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Integer(n) => Ok(Some(*n)),
        Value::Text(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("{column} {} is not an id", display(value))),
        other => Err(format!("{column} {} is not an id", display(other))),
    }
}

/// Timestamps as the MVP wrote them (UTC unless an offset says otherwise): RFC 3339,
/// `YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM]` (Python's `str(datetime)`, SQLite's
/// `CURRENT_TIMESTAMP`), `YYYY-MM-DDTHH:MM:SS[.ffffff]`, `YYYY-MM-DD`, or Unix seconds.
pub fn parse_time(value: &Value, column: &str) -> Result<DateTime<Utc>, String> {
    let unreadable = || {
        format!(
            "{column} {} is not a date and time (expected e.g. 2024-03-05 09:14:22, in UTC)",
            display(value)
        )
    };
    let plausible = |at: DateTime<Utc>| {
        let from = Utc.with_ymd_and_hms(1990, 1, 1, 0, 0, 0).single();
        let to = Utc.with_ymd_and_hms(2100, 1, 1, 0, 0, 0).single();
        match (from, to) {
            (Some(from), Some(to)) if at >= from && at < to => Ok(at),
            _ => Err(format!(
                "{column} {} is not between 1990 and 2100",
                display(value)
            )),
        }
    };
    match value {
        Value::Null => Err(format!("{column} is missing")),
        Value::Integer(seconds) => Utc
            .timestamp_opt(*seconds, 0)
            .single()
            .ok_or_else(unreadable)
            .and_then(plausible),
        Value::Text(raw) => {
            let raw = raw.trim();
            if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
                return plausible(at.to_utc());
            }
            for format in ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%z"] {
                if let Ok(at) = DateTime::parse_from_str(raw, format) {
                    return plausible(at.to_utc());
                }
            }
            for format in [
                "%Y-%m-%d %H:%M:%S%.f",
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%d %H:%M",
                "%Y-%m-%dT%H:%M",
            ] {
                if let Ok(at) = NaiveDateTime::parse_from_str(raw, format) {
                    return plausible(at.and_utc());
                }
            }
            if let Ok(date) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
                return date
                    .and_hms_opt(0, 0, 0)
                    .ok_or_else(unreadable)
                    .and_then(|at| plausible(at.and_utc()));
            }
            Err(unreadable())
        }
        _ => Err(unreadable()),
    }
}

/// The MVP's statuses (and Vigil's own names) as Vigil's.
pub fn parse_status(raw: &str) -> Option<ComplianceStatus> {
    let key = raw.trim().to_lowercase().replace([' ', '-'], "_");
    match key.as_str() {
        "pass" | "passed" | "compliant" => Some(ComplianceStatus::Compliant),
        "partial" | "partially_compliant" => Some(ComplianceStatus::PartiallyCompliant),
        "fail" | "failed" | "non_compliant" | "noncompliant" => {
            Some(ComplianceStatus::NonCompliant)
        }
        "pending" | "not_assessed" => Some(ComplianceStatus::NotAssessed),
        _ => None,
    }
}

pub(super) const STATUSES: &str = "pass, partial, fail or pending (or Vigil's compliant, partially_compliant, non_compliant, not_assessed)";

/// A standard's code the way Vigil writes it: upper case, spaces as hyphens (`nsqhs 1` →
/// `NSQHS-1`); then Vigil's rule: `[A-Z0-9][A-Z0-9._-]{0,49}`.
pub fn parse_standard(raw: &str) -> Result<String, String> {
    let code = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .to_uppercase();
    let valid = (1..=50).contains(&code.len())
        && code
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "._-".contains(c));
    if valid {
        Ok(code)
    } else {
        Err(format!(
            "standard {:?} is not a standard code like NSQHS-1 (letters, digits, '.', '_', '-'; at most 50)",
            raw.trim()
        ))
    }
}

/// First and last name from the MVP's single `name`: the first word, then the rest. A
/// one-word name gets "-" as its last name, and an empty one the address's local part
/// (Vigil needs both; people can correct them in their profile).
pub fn split_name(name: &str, email: &Email) -> Result<(PersonName, PersonName), String> {
    let name = name.trim();
    let (first, last) = match name.split_once(char::is_whitespace) {
        Some((first, last)) => (first.to_owned(), last.trim().to_owned()),
        None if name.is_empty() => (email.local_part().chars().take(100).collect(), "-".into()),
        None => (name.to_owned(), "-".into()),
    };
    let first = PersonName::parse(&first, "name").map_err(|e| format!("name: {e}"))?;
    let last = PersonName::parse(&last, "name").map_err(|e| {
        if last.chars().count() > 100 {
            "name: the part after the first word is longer than 100 characters".to_owned()
        } else {
            format!("name: {e}")
        }
    })?;
    Ok((first, last))
}

pub(super) fn admin_flag(value: &Value) -> Result<bool, String> {
    match value {
        Value::Null => Ok(false),
        Value::Integer(n) => Ok(*n != 0),
        Value::Text(s) => match s.trim().to_lowercase().as_str() {
            "" | "0" | "false" | "no" => Ok(false),
            "1" | "true" | "yes" => Ok(true),
            _ => Err(format!("is_admin {} is not 0 or 1", display(value))),
        },
        other => Err(format!("is_admin {} is not 0 or 1", display(other))),
    }
}

pub(super) fn parse_score(value: &Value) -> Result<Option<f64>, String> {
    let score = match value {
        Value::Null => return Ok(None),
        Value::Integer(n) => *n as f64,
        Value::Real(f) => *f,
        Value::Text(s) if s.trim().is_empty() => return Ok(None),
        Value::Text(s) => s
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("score {} is not a number", display(value)))?,
        Value::Blob(_) => return Err("score is binary data, not a number".into()),
    };
    if score.is_finite() && (0.0..=100.0).contains(&score) {
        Ok(Some(score))
    } else {
        Err(format!("score {} is not between 0 and 100", display(value)))
    }
}

/// The MVP kept findings as a JSON array of `{requirement, status?, evidence?,
/// recommendation?}` (older rows: plain text, which becomes one finding). Vigil's limits apply.
pub fn parse_findings(
    value: &Value,
    standard: &str,
    status: ComplianceStatus,
) -> Result<Vec<Finding>, String> {
    let raw = match value {
        Value::Null => return Ok(Vec::new()),
        Value::Text(s) => s.trim().to_owned(),
        _ => return Err("findings is not text".into()),
    };
    if raw.is_empty() || raw == "[]" {
        return Ok(Vec::new());
    }
    let findings = if raw.starts_with('[') || raw.starts_with('{') {
        let items: Vec<serde_json::Value> =
            serde_json::from_str(&raw).map_err(|e| format!("findings is not a JSON array: {e}"))?;
        let mut findings = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let field = |name: &str| item.get(name).and_then(serde_json::Value::as_str);
            let requirement = field("requirement")
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .ok_or_else(|| format!("findings[{i}] has no requirement"))?;
            let status = match field("status") {
                None => status,
                Some(s) => parse_status(s).ok_or_else(|| {
                    format!("findings[{i}] status {s:?} is not one of {STATUSES}")
                })?,
            };
            findings.push(Finding {
                requirement: requirement.to_owned(),
                status,
                evidence: field("evidence").map(str::to_owned),
                recommendation: field("recommendation").map(str::to_owned),
            });
        }
        findings
    } else {
        vec![Finding {
            requirement: standard.to_owned(),
            status,
            evidence: Some(raw),
            recommendation: None,
        }]
    };
    if findings.len() > 500 {
        return Err(format!(
            "{} findings: Vigil keeps at most 500 per result",
            findings.len()
        ));
    }
    for (i, finding) in findings.iter().enumerate() {
        if finding.requirement.chars().count() > 200 {
            return Err(format!(
                "findings[{i}] requirement is longer than 200 characters"
            ));
        }
        for (name, value) in [
            ("evidence", &finding.evidence),
            ("recommendation", &finding.recommendation),
        ] {
            if value.as_ref().is_some_and(|v| v.chars().count() > 5_000) {
                return Err(format!(
                    "findings[{i}] {name} is longer than 5000 characters"
                ));
            }
        }
    }
    Ok(findings)
}
