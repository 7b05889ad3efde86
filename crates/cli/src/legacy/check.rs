//! Checking every legacy row and turning it into Vigil's types, and checking the files of the
//! documents about to be imported. Nothing here touches Vigil's database or storage. Every
//! problem is collected, so one run lists them all.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rusqlite::types::Value;
use sha2::{Digest, Sha256};

use super::sqlite::{LegacyDb, RawDocument, RawResult, RawUser};
use vigil::compliance::ComplianceStatus;
use vigil::compliance::Finding;
use vigil::documents::kinds::{self, DocumentKind};
use vigil::domain::{Email, PersonName};

/// One row that cannot be imported, and every reason why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub table: &'static str,
    /// The row's id as stored (normally an integer).
    pub id: String,
    pub problems: Vec<String>,
}

impl std::fmt::Display for BadRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} id={}: {}",
            self.table,
            self.id,
            self.problems.join("; ")
        )
    }
}

/// A legacy user, valid for Vigil.
#[derive(Debug, Clone)]
pub struct User {
    pub legacy_id: i64,
    pub email: Email,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub admin: bool,
    pub created_at: DateTime<Utc>,
}

/// A legacy document row, valid for Vigil (its file is checked by [`inspect_file`]).
#[derive(Debug, Clone)]
pub struct Document {
    pub legacy_id: i64,
    /// The uploader's legacy id (`None` when the row names none).
    pub user_id: Option<i64>,
    pub title: String,
    /// As stored in the legacy row.
    pub file_path: String,
    pub uploaded_at: DateTime<Utc>,
}

/// A legacy compliance result, valid for Vigil.
#[derive(Debug, Clone)]
pub struct ComplianceResult {
    pub legacy_id: i64,
    pub document_id: i64,
    pub standard: String,
    pub status: ComplianceStatus,
    pub score: Option<f64>,
    pub findings: Vec<Finding>,
    pub checked_at: DateTime<Utc>,
}

/// Every row of the legacy database, checked.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub users: Vec<User>,
    pub documents: Vec<Document>,
    pub results: Vec<ComplianceResult>,
}

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

/// A cell as shown in a message: text quoted, at most 80 characters.
fn display(value: &Value) -> String {
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

fn text(value: &Value, column: &str) -> Result<Option<String>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Text(s) => Ok(Some(s.clone())),
        Value::Integer(_) | Value::Real(_) => Ok(Some(display(value))),
        Value::Blob(_) => Err(format!("{column} is binary data, not text")),
    }
}

fn required_text(value: &Value, column: &str) -> Result<String, String> {
    text(value, column)?
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| format!("{column} is missing"))
}

fn reference(value: &Value, column: &str) -> Result<Option<i64>, String> {
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

const STATUSES: &str = "pass, partial, fail or pending (or Vigil's compliant, partially_compliant, non_compliant, not_assessed)";

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

fn admin_flag(value: &Value) -> Result<bool, String> {
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

fn parse_score(value: &Value) -> Result<Option<f64>, String> {
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

/// Every row checked: the valid ones, and every bad one with all its problems.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub rows: Rows,
    /// In table order, then by id.
    pub bad: Vec<BadRow>,
    /// Bad document rows that name a file: (legacy id, file path). Their files are checked
    /// with the others, so one run reports every problem of a row.
    pub bad_document_files: Vec<(i64, String)>,
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

fn table_rank(table: &str) -> u8 {
    match table {
        "users" => 0,
        "documents" => 1,
        _ => 2,
    }
}

/// Adds a problem to the row's entry (or a new one), keeping table order, then id order.
pub(super) fn add_problem(bad: &mut Vec<BadRow>, table: &'static str, id: i64, problem: String) {
    let shown = id.to_string();
    match bad.iter_mut().find(|b| b.table == table && b.id == shown) {
        Some(row) => row.problems.push(problem),
        None => bad.push(BadRow {
            table,
            id: shown,
            problems: vec![problem],
        }),
    }
    bad.sort_by(|a, b| {
        let key = |row: &BadRow| (table_rank(row.table), row.id.parse::<i64>().ok());
        key(a).cmp(&key(b))
    });
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

/// A document's file, read and checked.
#[derive(Debug, Clone)]
pub struct FileInfo {
    /// Canonical path.
    pub path: PathBuf,
    pub size: u64,
    pub sha256: String,
    pub kind: DocumentKind,
}

/// Where a stored path points: relative paths from `root`; absolute ones as they are. Either
/// way the file must be inside `root` once symbolic links are resolved, so a crafted database
/// cannot copy files from elsewhere on the machine into an organisation.
pub fn resolve(file_path: &str, root: &Path) -> Result<PathBuf, String> {
    let stored = Path::new(file_path.trim());
    let joined = if stored.is_absolute() {
        stored.to_path_buf()
    } else {
        root.join(stored)
    };
    let real = joined.canonicalize().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("file {} does not exist", joined.display()),
        _ => format!("file {} cannot be read: {e}", joined.display()),
    })?;
    let root = root
        .canonicalize()
        .map_err(|e| format!("the files folder {} cannot be read: {e}", root.display()))?;
    // Both are canonical (no `..`, no links), so a prefix test is enough.
    if !real.starts_with(&root) {
        return Err(format!(
            "file {} is outside {} (pass --files-root to allow another folder)",
            joined.display(),
            root.display()
        ));
    }
    if !real.is_file() {
        return Err(format!("{} is not a file", joined.display()));
    }
    Ok(real)
}

/// Reads a document's file: size, SHA-256 and kind (from the content, as uploads are typed).
pub fn inspect_file(document: &Document, root: &Path, max_bytes: u64) -> Result<FileInfo, String> {
    let path = resolve(&document.file_path, root)?;
    let unreadable = |e: std::io::Error| format!("file {} cannot be read: {e}", path.display());
    let mut file = std::fs::File::open(&path).map_err(unreadable)?;
    let mut hasher = Sha256::new();
    let mut head = Vec::with_capacity(64 * 1024);
    let mut buffer = vec![0u8; 1024 * 1024];
    let mut size: u64 = 0;
    loop {
        let read = file.read(&mut buffer).map_err(unreadable)?;
        if read == 0 {
            break;
        }
        size += read as u64;
        if size > max_bytes {
            return Err(format!(
                "file {} is larger than the {} document limit",
                path.display(),
                human_bytes(max_bytes)
            ));
        }
        if head.len() < 64 * 1024 {
            let take = (64 * 1024 - head.len()).min(read);
            head.extend_from_slice(&buffer[..take]);
        }
        hasher.update(&buffer[..read]);
    }
    if size == 0 {
        return Err(format!("file {} is empty", path.display()));
    }
    let kind = kinds::detect(&head, &path, &document.file_path).ok_or_else(|| {
        format!(
            "file {} is not a type Vigil keeps (PDF, Word .docx, Excel .xlsx, CSV, text, PNG or JPEG, recognised by content)",
            path.display()
        )
    })?;
    Ok(FileInfo {
        path,
        size,
        sha256: hex::encode(hasher.finalize()),
        kind,
    })
}

/// The name a document gets in Vigil: its title (or the file's name), with the extension of
/// its kind so downloads open in the right program; at most 255 characters.
pub fn document_name(document: &Document, kind: DocumentKind) -> String {
    let title: String = document
        .title
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned();
    let base = if title.is_empty() {
        kinds::display_name(Some(&document.file_path))
    } else {
        title
    };
    let extensions: &[&str] = match kind {
        DocumentKind::Pdf => &[".pdf"],
        DocumentKind::Docx => &[".docx"],
        DocumentKind::Xlsx => &[".xlsx"],
        DocumentKind::Csv => &[".csv"],
        DocumentKind::Txt => &[".txt"],
        DocumentKind::Png => &[".png"],
        DocumentKind::Jpeg => &[".jpg", ".jpeg"],
    };
    let lower = base.to_lowercase();
    let suffix = if extensions.iter().any(|e| lower.ends_with(e)) {
        ""
    } else {
        extensions[0]
    };
    let room = 255 - suffix.chars().count();
    let mut name: String = base.chars().take(room).collect();
    name.push_str(suffix);
    name
}

/// `1.2 MB`, `850 KB`, `12 bytes`.
pub fn human_bytes(bytes: u64) -> String {
    const KB: f64 = 1000.0;
    let b = bytes as f64;
    if b >= KB * KB * KB {
        format!("{:.1} GB", b / (KB * KB * KB))
    } else if b >= KB * KB {
        format!("{:.1} MB", b / (KB * KB))
    } else if b >= KB {
        format!("{:.0} KB", b / KB)
    } else if bytes == 1 {
        "1 byte".into()
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn timestamps_in_the_formats_the_mvp_wrote() {
        let expected = Utc.with_ymd_and_hms(2024, 3, 5, 9, 14, 22).unwrap();
        for raw in [
            "2024-03-05 09:14:22",
            "2024-03-05T09:14:22",
            "2024-03-05T09:14:22Z",
            "2024-03-05T19:14:22+10:00",
            "2024-03-05 09:14:22+00:00",
            " 2024-03-05 09:14:22.000 ",
        ] {
            assert_eq!(parse_time(&t(raw), "at"), Ok(expected), "{raw}");
        }
        assert_eq!(
            parse_time(&Value::Integer(expected.timestamp()), "at"),
            Ok(expected)
        );
        assert_eq!(
            parse_time(&t("2024-03-05"), "at"),
            Ok(Utc.with_ymd_and_hms(2024, 3, 5, 0, 0, 0).unwrap())
        );
        for bad in ["yesterday", "05/03/2024", "2024-13-01", ""] {
            let error = parse_time(&t(bad), "checked_at").unwrap_err();
            assert!(error.starts_with("checked_at"), "{error}");
        }
        assert_eq!(
            parse_time(&Value::Null, "created_at").unwrap_err(),
            "created_at is missing"
        );
        assert!(
            parse_time(&Value::Integer(0), "at")
                .unwrap_err()
                .contains("between 1990 and 2100")
        );
    }

    #[test]
    fn statuses_map_onto_vigils() {
        use ComplianceStatus::*;
        for (raw, status) in [
            ("pass", Compliant),
            ("PASSED", Compliant),
            ("compliant", Compliant),
            ("Partial", PartiallyCompliant),
            ("partially compliant", PartiallyCompliant),
            ("fail", NonCompliant),
            ("non-compliant", NonCompliant),
            ("pending", NotAssessed),
            ("not_assessed", NotAssessed),
        ] {
            assert_eq!(parse_status(raw), Some(status), "{raw}");
        }
        for raw in ["maybe", "", "n/a", "ok"] {
            assert_eq!(parse_status(raw), None, "{raw}");
        }
    }

    #[test]
    fn standards_are_normalised_to_vigils_codes() {
        assert_eq!(parse_standard("nsqhs 1").unwrap(), "NSQHS-1");
        assert_eq!(parse_standard(" ACQS-3 ").unwrap(), "ACQS-3");
        assert_eq!(parse_standard("iso_9001.2015").unwrap(), "ISO_9001.2015");
        for bad in ["", "-leading", "NSQHS/1", &"X".repeat(51), "é1"] {
            assert!(parse_standard(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_split_into_first_and_last() {
        let email = Email::parse("jane.citizen@example.org").unwrap();
        let split = |n: &str| {
            split_name(n, &email).map(|(f, l)| (f.as_str().to_owned(), l.as_str().to_owned()))
        };
        assert_eq!(split("Jane Citizen"), Ok(("Jane".into(), "Citizen".into())));
        assert_eq!(
            split("  Mary  Ann Smith "),
            Ok(("Mary".into(), "Ann Smith".into()))
        );
        assert_eq!(split("Cher"), Ok(("Cher".into(), "-".into())));
        assert_eq!(split(""), Ok(("jane.citizen".into(), "-".into())));
        assert!(split("A\u{7}B C").is_err());
        assert!(split(&format!("A {}", "b".repeat(101))).is_err());
    }

    #[test]
    fn findings_from_json_or_plain_text() {
        use ComplianceStatus::*;
        let json = t(
            r#"[{"requirement": "1.10 Risk", "status": "fail", "evidence": "none"},
                {"requirement": "1.11", "recommendation": "Review yearly", "extra": 1}]"#,
        );
        let findings = parse_findings(&json, "NSQHS-1", PartiallyCompliant).unwrap();
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].status, NonCompliant);
        assert_eq!(findings[0].evidence.as_deref(), Some("none"));
        assert_eq!(findings[1].status, PartiallyCompliant);
        assert_eq!(findings[1].recommendation.as_deref(), Some("Review yearly"));

        let note =
            parse_findings(&t("Hand hygiene audit overdue"), "NSQHS-3", NonCompliant).unwrap();
        assert_eq!(note.len(), 1);
        assert_eq!(note[0].requirement, "NSQHS-3");
        assert_eq!(
            note[0].evidence.as_deref(),
            Some("Hand hygiene audit overdue")
        );

        assert!(
            parse_findings(&Value::Null, "X", Compliant)
                .unwrap()
                .is_empty()
        );
        assert!(parse_findings(&t("[]"), "X", Compliant).unwrap().is_empty());
        assert!(
            parse_findings(&t("[{\"requirement\": 1"), "X", Compliant)
                .unwrap_err()
                .contains("not a JSON array")
        );
        assert!(
            parse_findings(&t("[{\"evidence\": \"x\"}]"), "X", Compliant)
                .unwrap_err()
                .contains("no requirement")
        );
        assert!(
            parse_findings(
                &t("[{\"requirement\": \"r\", \"status\": \"meh\"}]"),
                "X",
                Compliant
            )
            .unwrap_err()
            .contains("findings[0] status")
        );
    }

    fn user(id: i64, email: &str) -> RawUser {
        RawUser {
            id: Value::Integer(id),
            email: t(email),
            name: t("Sam Lee"),
            is_admin: Value::Integer(0),
            created_at: t("2024-01-01 10:00:00"),
        }
    }

    #[test]
    fn every_bad_row_is_listed_with_its_id() {
        let db = LegacyDb {
            path: PathBuf::from("mvp.db"),
            instance_id: None,
            users: vec![
                user(1, "jane@example.org"),
                user(2, "JANE@example.org"),
                user(3, "not-an-email"),
                RawUser {
                    created_at: t("someday"),
                    ..user(4, "sam@example.org")
                },
            ],
            documents: vec![
                RawDocument {
                    id: Value::Integer(1),
                    user_id: Value::Integer(1),
                    title: t("Policy"),
                    file_path: t("uploads/p.pdf"),
                    uploaded_at: t("2024-01-02"),
                },
                RawDocument {
                    id: Value::Integer(2),
                    user_id: Value::Integer(99),
                    title: t("Orphan"),
                    file_path: Value::Null,
                    uploaded_at: t("2024-01-02"),
                },
            ],
            results: vec![
                RawResult {
                    id: Value::Integer(1),
                    document_id: Value::Integer(1),
                    standard: t("NSQHS 1"),
                    status: t("unknown"),
                    score: Value::Real(120.0),
                    findings: Value::Null,
                    checked_at: t("2024-01-03"),
                },
                RawResult {
                    id: Value::Integer(2),
                    document_id: Value::Integer(7),
                    standard: t("NSQHS-1"),
                    status: t("pass"),
                    score: Value::Null,
                    findings: Value::Null,
                    checked_at: t("2024-01-03"),
                },
            ],
        };
        let bad = validate(&db).bad;
        let lines: Vec<String> = bad.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 6, "{lines:#?}");
        assert!(
            lines[0].starts_with(
                "users id=2: email JANE@example.org is also the address of users id=1"
            )
        );
        assert!(lines[1].starts_with("users id=3: email \"not-an-email\""));
        assert!(lines[2].starts_with("users id=4: created_at \"someday\""));
        assert_eq!(
            lines[3],
            "documents id=2: user_id 99 is not a row of users; file_path is missing"
        );
        assert!(lines[4].starts_with("compliance_results id=1: status \"unknown\" is not one of"));
        assert!(lines[4].contains("score 120 is not between 0 and 100"));
        assert_eq!(
            lines[5],
            "compliance_results id=2: document_id 7 is not a row of documents"
        );
    }

    #[test]
    fn files_must_stay_inside_the_root() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("uploads")).unwrap();
        std::fs::write(root.path().join("uploads/a.txt"), b"hello\n").unwrap();
        std::fs::write(outside.path().join("secret.txt"), b"secret\n").unwrap();
        assert!(resolve("uploads/a.txt", root.path()).is_ok());
        let absolute = root.path().join("uploads/a.txt");
        assert!(resolve(absolute.to_str().unwrap(), root.path()).is_ok());
        let escape = format!(
            "../{}/secret.txt",
            outside.path().file_name().unwrap().to_str().unwrap()
        );
        assert!(
            resolve(&escape, root.path())
                .unwrap_err()
                .contains("is outside")
        );
        let secret = outside.path().join("secret.txt");
        assert!(
            resolve(secret.to_str().unwrap(), root.path())
                .unwrap_err()
                .contains("is outside")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&secret, root.path().join("uploads/link.txt")).unwrap();
            assert!(
                resolve("uploads/link.txt", root.path())
                    .unwrap_err()
                    .contains("is outside")
            );
        }
        assert!(
            resolve("uploads/missing.pdf", root.path())
                .unwrap_err()
                .contains("does not exist")
        );
        assert!(
            resolve("uploads", root.path())
                .unwrap_err()
                .contains("not a file")
        );
    }

    #[test]
    fn files_are_typed_by_content_and_bounded() {
        let root = tempfile::tempdir().unwrap();
        let doc = |path: &str| Document {
            legacy_id: 1,
            user_id: None,
            title: "Hand hygiene".into(),
            file_path: path.into(),
            uploaded_at: Utc::now(),
        };
        std::fs::write(root.path().join("a.pdf"), b"%PDF-1.7\nhello\n%%EOF\n").unwrap();
        std::fs::write(root.path().join("empty.txt"), b"").unwrap();
        std::fs::write(root.path().join("bin.dat"), [0u8, 1, 2, 3, 0, 9]).unwrap();
        let info = inspect_file(&doc("a.pdf"), root.path(), 1024).unwrap();
        assert_eq!(info.kind, DocumentKind::Pdf);
        assert_eq!(info.size, 21);
        assert_eq!(info.sha256.len(), 64);
        assert_eq!(document_name(&doc("a.pdf"), info.kind), "Hand hygiene.pdf");
        assert!(
            inspect_file(&doc("a.pdf"), root.path(), 10)
                .unwrap_err()
                .contains("larger than")
        );
        assert!(
            inspect_file(&doc("empty.txt"), root.path(), 10)
                .unwrap_err()
                .contains("is empty")
        );
        assert!(
            inspect_file(&doc("bin.dat"), root.path(), 1024)
                .unwrap_err()
                .contains("not a type Vigil keeps")
        );
    }

    #[test]
    fn names_keep_their_extension_once() {
        let doc = |title: &str| Document {
            legacy_id: 1,
            user_id: None,
            title: title.into(),
            file_path: "uploads/20240101_scan.JPG".into(),
            uploaded_at: Utc::now(),
        };
        assert_eq!(
            document_name(&doc("Scan.jpeg"), DocumentKind::Jpeg),
            "Scan.jpeg"
        );
        assert_eq!(document_name(&doc("Scan"), DocumentKind::Jpeg), "Scan.jpg");
        assert_eq!(
            document_name(&doc("  "), DocumentKind::Jpeg),
            "20240101_scan.JPG"
        );
        assert_eq!(
            document_name(&doc(&"x".repeat(300)), DocumentKind::Pdf)
                .chars()
                .count(),
            255
        );
        assert_eq!(human_bytes(1_234_567), "1.2 MB");
        assert_eq!(human_bytes(999), "999 bytes");
    }
}
