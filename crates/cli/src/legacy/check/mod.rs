//! Checking every legacy row and turning it into Vigil's types, and checking the files of the
//! documents about to be imported. Nothing here touches Vigil's database or storage. Every
//! problem is collected, so one run lists them all.

mod files;
mod rows;
mod values;

pub use files::{FileInfo, document_name, human_bytes, inspect_file, resolve};
pub use rows::validate;
pub use values::{parse_findings, parse_standard, parse_status, parse_time, split_name};

use chrono::{DateTime, Utc};

use vigil::compliance::ComplianceStatus;
use vigil::compliance::Finding;
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

#[cfg(test)]
mod tests;
