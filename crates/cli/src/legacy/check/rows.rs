//! Every row of the users, documents and compliance results tables, checked with all its
//! problems.

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value;

use super::values::{
    STATUSES, admin_flag, display, parse_findings, parse_score, parse_standard, parse_status,
    parse_time, reference, required_text, split_name, text,
};
use super::{BadRow, Checked, ComplianceResult, Document, Rows, User};
use crate::legacy::sqlite::{LegacyDb, RawDocument, RawResult, RawUser};
use vigil::domain::Email;

/// Collects the problems of one row.
struct Row {
    table: &'static str,
    id: String,
    problems: Vec<String>,
}

impl Row {
    fn new(table: &'static str, id: &Value) -> (Self, Option<i64>) {
        let (shown, legacy_id) = match id {
            Value::Integer(n) => (n.to_string(), Some(*n)),
            other => (display(other), None),
        };
        let mut row = Self {
            table,
            id: shown,
            problems: Vec::new(),
        };
        if legacy_id.is_none() {
            row.add("the id is not an integer");
        }
        (row, legacy_id)
    }

    fn add(&mut self, problem: impl Into<String>) {
        self.problems.push(problem.into());
    }

    fn check<T>(&mut self, result: Result<T, String>) -> Option<T> {
        result.map_err(|problem| self.add(problem)).ok()
    }

    fn finish(self, bad: &mut Vec<BadRow>) -> bool {
        if self.problems.is_empty() {
            return true;
        }
        bad.push(BadRow {
            table: self.table,
            id: self.id,
            problems: self.problems,
        });
        false
    }
}

/// Checks every row (files are checked later, by `plan::build`, for the documents to import).
pub fn validate(db: &LegacyDb) -> Checked {
    let mut bad = Vec::new();
    let mut rows = Rows::default();
    let mut bad_document_files = Vec::new();

    // Users: addresses valid and unique, compared case-insensitively.
    let mut first_with: HashMap<String, i64> = HashMap::new();
    for raw in &db.users {
        if let Some(user) = validate_user(raw, &mut first_with, &mut bad) {
            rows.users.push(user);
        }
    }
    // Rows with unusable ids were reported; references to them must not be reported again.
    let all_user_ids: HashSet<i64> = db
        .users
        .iter()
        .filter_map(|u| match u.id {
            Value::Integer(n) => Some(n),
            _ => None,
        })
        .collect();
    for raw in &db.documents {
        if let Some(document) =
            validate_document(raw, &all_user_ids, &mut bad, &mut bad_document_files)
        {
            rows.documents.push(document);
        }
    }
    let all_document_ids: HashSet<i64> = db
        .documents
        .iter()
        .filter_map(|d| match d.id {
            Value::Integer(n) => Some(n),
            _ => None,
        })
        .collect();
    for raw in &db.results {
        if let Some(result) = validate_result(raw, &all_document_ids, &mut bad) {
            rows.results.push(result);
        }
    }
    Checked {
        rows,
        bad,
        bad_document_files,
    }
}

fn validate_user(
    raw: &RawUser,
    first_with: &mut HashMap<String, i64>,
    bad: &mut Vec<BadRow>,
) -> Option<User> {
    let (mut row, legacy_id) = Row::new("users", &raw.id);
    let email = row
        .check(required_text(&raw.email, "email"))
        .and_then(|email| {
            let shown = display(&Value::Text(email.clone()));
            let parsed = Email::parse(&email).map_err(|e| {
                if e.contains("254") {
                    format!("email {shown} is longer than 254 characters")
                } else {
                    format!("email {shown} is not a valid email address")
                }
            });
            row.check(parsed)
        });
    if let (Some(email), Some(id)) = (&email, legacy_id) {
        match first_with.get(&email.normalized()) {
            Some(first) => row.add(format!(
                "email {} is also the address of users id={first} (addresses are compared ignoring case)",
                email.as_str()
            )),
            None => {
                first_with.insert(email.normalized(), id);
            }
        }
    }
    let names = match (&email, row.check(text(&raw.name, "name"))) {
        (Some(email), Some(name)) => row.check(split_name(name.as_deref().unwrap_or(""), email)),
        _ => None,
    };
    let admin = row.check(admin_flag(&raw.is_admin));
    let created_at = row.check(parse_time(&raw.created_at, "created_at"));
    if !row.finish(bad) {
        return None;
    }
    let ((first_name, last_name), email) = (names?, email?);
    Some(User {
        legacy_id: legacy_id?,
        email,
        first_name,
        last_name,
        admin: admin?,
        created_at: created_at?,
    })
}

fn validate_document(
    raw: &RawDocument,
    user_ids: &HashSet<i64>,
    bad: &mut Vec<BadRow>,
    bad_files: &mut Vec<(i64, String)>,
) -> Option<Document> {
    let (mut row, legacy_id) = Row::new("documents", &raw.id);
    let user_id = row.check(reference(&raw.user_id, "user_id")).flatten();
    if let Some(user) = user_id
        && !user_ids.contains(&user)
    {
        row.add(format!("user_id {user} is not a row of users"));
    }
    let title = row.check(text(&raw.title, "title"));
    let file_path = row.check(required_text(&raw.file_path, "file_path"));
    let uploaded_at = row.check(parse_time(&raw.uploaded_at, "uploaded_at"));
    if !row.finish(bad) {
        if let (Some(id), Some(path)) = (legacy_id, file_path) {
            bad_files.push((id, path));
        }
        return None;
    }
    Some(Document {
        legacy_id: legacy_id?,
        user_id,
        title: title?.unwrap_or_default(),
        file_path: file_path?,
        uploaded_at: uploaded_at?,
    })
}

fn validate_result(
    raw: &RawResult,
    document_ids: &HashSet<i64>,
    bad: &mut Vec<BadRow>,
) -> Option<ComplianceResult> {
    let (mut row, legacy_id) = Row::new("compliance_results", &raw.id);
    let document_id = match row.check(reference(&raw.document_id, "document_id")) {
        Some(None) => {
            row.add("document_id is missing");
            None
        }
        Some(Some(id)) if !document_ids.contains(&id) => {
            row.add(format!("document_id {id} is not a row of documents"));
            None
        }
        Some(id) => id,
        None => None,
    };
    let standard = row
        .check(required_text(&raw.standard, "standard"))
        .and_then(|s| row.check(parse_standard(&s)));
    let status = row
        .check(required_text(&raw.status, "status"))
        .and_then(|s| {
            row.check(
                parse_status(&s).ok_or_else(|| format!("status {s:?} is not one of {STATUSES}")),
            )
        });
    let score = row.check(parse_score(&raw.score));
    let findings = match (&standard, status) {
        (Some(standard), Some(status)) => {
            row.check(parse_findings(&raw.findings, standard, status))
        }
        _ => None,
    };
    let checked_at = row.check(parse_time(&raw.checked_at, "checked_at"));
    if !row.finish(bad) {
        return None;
    }
    Some(ComplianceResult {
        legacy_id: legacy_id?,
        document_id: document_id?,
        standard: standard?,
        status: status?,
        score: score?,
        findings: findings?,
        checked_at: checked_at?,
    })
}
