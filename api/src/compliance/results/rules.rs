//! The field rules of a result: each field checked at once, every broken rule named.

use chrono::{Datelike, NaiveDate, Utc};

use crate::audit::events::{Changes, FieldChange};
use crate::compliance::results::dto::{NewComplianceResult, UpdateComplianceResult};
use crate::compliance::results::queries::ResultChanges;
use crate::domain::{Fields, Invalid};

use vigil_data::models::compliance::ComplianceResult;

const MAX_FINDINGS: usize = 500;

/// A standard's code, trimmed; the message names the rule when it breaks it.
fn parse_standard(raw: &str) -> Result<String, String> {
    let standard = raw.trim().to_owned();
    let valid = !standard.is_empty()
        && standard.len() <= 50
        && standard
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && standard
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "._-".contains(c));
    if valid {
        Ok(standard)
    } else {
        Err(
            "Use the standard's upper-case code, e.g. NSQHS-1 (letters, digits, '.', '_' and '-')."
                .into(),
        )
    }
}

fn check_score(fields: &mut Fields, score: Option<f64>) {
    if score.is_some_and(|s| !(0.0..=100.0).contains(&s) || s.is_nan()) {
        fields.add("score", "The score is between 0 and 100.");
    }
}

/// Trimmed text of 1 to `max` characters; an empty one is absent (`None`).
fn optional_text(fields: &mut Fields, name: &str, raw: Option<&str>, max: usize) -> Option<String> {
    let text = raw.map(str::trim).filter(|t| !t.is_empty())?;
    if text.chars().count() > max {
        fields.add(name, format!("At most {max} characters."));
        return None;
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        fields.add(name, "Use text without control characters.");
        return None;
    }
    Some(text.to_owned())
}

/// Review dates a person could mean: from 2000 to ten years ahead.
fn check_review_date(fields: &mut Fields, due: Option<NaiveDate>) {
    let latest = Utc::now().year() + 10;
    if due.is_some_and(|d| d.year() < 2000 || d.year() > latest) {
        fields.add(
            "review_due_on",
            format!("Choose a review date between 2000 and {latest}."),
        );
    }
}

pub(super) struct Checked {
    pub(super) standard: String,
    pub(super) requirement: Option<String>,
    pub(super) notes: Option<String>,
}

pub(super) fn validate(body: &NewComplianceResult) -> Result<Checked, Invalid> {
    let mut fields = Fields::new();
    let standard = fields.take("standard", parse_standard(&body.standard));
    check_score(&mut fields, body.score);
    let requirement = optional_text(&mut fields, "requirement", body.requirement.as_deref(), 200);
    let notes = optional_text(&mut fields, "notes", body.notes.as_deref(), 5_000);
    check_review_date(&mut fields, body.review_due_on);
    if body.findings.len() > MAX_FINDINGS {
        fields.add("findings", format!("Send at most {MAX_FINDINGS} findings."));
    }
    for (i, finding) in body.findings.iter().enumerate() {
        let requirement = finding.requirement.trim();
        if requirement.is_empty() || requirement.chars().count() > 200 {
            fields.add(
                &format!("findings[{i}].requirement"),
                "Name the requirement (1 to 200 characters).",
            );
        }
        for (name, value) in [
            ("evidence", &finding.evidence),
            ("recommendation", &finding.recommendation),
        ] {
            if value.as_ref().is_some_and(|v| v.chars().count() > 5_000) {
                fields.add(&format!("findings[{i}].{name}"), "At most 5000 characters.");
            }
        }
    }
    let checked = standard.map(|standard| Checked {
        standard,
        requirement,
        notes,
    });
    fields.finish(checked)
}

pub(super) fn validate_changes(body: UpdateComplianceResult) -> Result<ResultChanges, Invalid> {
    let mut fields = Fields::new();
    let standard = body
        .standard
        .as_deref()
        .and_then(|raw| fields.take("standard", parse_standard(raw)));
    check_score(&mut fields, body.score.flatten());
    let requirement = body
        .requirement
        .map(|raw| optional_text(&mut fields, "requirement", raw.as_deref(), 200));
    let notes = body
        .notes
        .map(|raw| optional_text(&mut fields, "notes", raw.as_deref(), 5_000));
    check_review_date(&mut fields, body.review_due_on.flatten());
    fields.finish(Some(ResultChanges {
        standard,
        status: body.status,
        score: body.score,
        requirement,
        notes,
        reviewer_id: body.reviewer_id,
        review_due_on: body.review_due_on,
    }))
}

/// `{field: {from, to}}` for each field an edit changed (notes only say that they changed).
pub(super) fn changed_fields(before: &ComplianceResult, after: &ComplianceResult) -> Changes {
    let mut out = Changes::new();
    FieldChange::note(&mut out, "standard", &before.standard, &after.standard);
    FieldChange::note(&mut out, "status", before.status, after.status);
    FieldChange::note(&mut out, "score", before.score, after.score);
    let requirement = (&before.requirement, &after.requirement);
    FieldChange::note(&mut out, "requirement", requirement.0, requirement.1);
    FieldChange::note(
        &mut out,
        "reviewer_id",
        before.reviewer_id,
        after.reviewer_id,
    );
    let due = (before.review_due_on, after.review_due_on);
    FieldChange::note(&mut out, "review_due_on", due.0, due.1);
    if before.notes != after.notes {
        out.insert("notes".to_owned(), FieldChange::Redacted { changed: true });
    }
    out
}
