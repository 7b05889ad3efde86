//! Reading the MVP's SQLite database (schema in `docs/legacy-sqlite.md`), read-only.
//!
//! Cells are read as SQLite values, whatever their declared type (SQLite does not enforce
//! types): turning them into Vigil's types, and refusing what does not fit, is `plan`'s job.
//! Password hashes are never selected.

use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

/// A `users` row: `id, email, name, is_admin, created_at`.
#[derive(Debug, Clone)]
pub struct RawUser {
    pub id: Value,
    pub email: Value,
    pub name: Value,
    pub is_admin: Value,
    pub created_at: Value,
}

/// A `documents` row: `id, user_id, title, file_path, uploaded_at`.
#[derive(Debug, Clone)]
pub struct RawDocument {
    pub id: Value,
    pub user_id: Value,
    pub title: Value,
    pub file_path: Value,
    pub uploaded_at: Value,
}

/// A `compliance_results` row: `id, document_id, standard, status, score, findings, checked_at`.
#[derive(Debug, Clone)]
pub struct RawResult {
    pub id: Value,
    pub document_id: Value,
    pub standard: Value,
    pub status: Value,
    pub score: Value,
    pub findings: Value,
    pub checked_at: Value,
}

/// Everything read from one legacy database.
#[derive(Debug, Clone)]
pub struct LegacyDb {
    /// The SQLite file.
    pub path: PathBuf,
    /// `app_meta.instance_id`, when the database has one.
    pub instance_id: Option<String>,
    pub users: Vec<RawUser>,
    pub documents: Vec<RawDocument>,
    pub results: Vec<RawResult>,
}

/// How an import source is recognised on a later run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceId {
    /// Hex SHA-256, stored in `legacy_imports.source`.
    pub fingerprint: String,
    /// What it was derived from, for people.
    pub derived_from: String,
}

impl LegacyDb {
    /// The source's identity: the MVP's `instance_id` (written once, when it first started),
    /// or for databases without one, the first user (lowest id): its id, address and creation
    /// time. Both survive new rows being added to the database.
    pub fn source_id(&self) -> Option<SourceId> {
        if let Some(instance) = &self.instance_id {
            let instance = instance.trim().to_lowercase();
            return Some(SourceId {
                fingerprint: sha256_hex(format!("vigil-mvp-instance:{instance}").as_bytes()),
                derived_from: format!("app_meta instance_id {instance}"),
            });
        }
        let (id, user) = self
            .users
            .iter()
            .filter_map(|u| match u.id {
                Value::Integer(id) => Some((id, u)),
                _ => None,
            })
            .min_by_key(|(id, _)| *id)?;
        let email = text_of(&user.email).trim().to_lowercase();
        let created = text_of(&user.created_at);
        Some(SourceId {
            fingerprint: sha256_hex(
                format!("vigil-mvp-first-user:{id}\n{email}\n{created}").as_bytes(),
            ),
            derived_from: format!("first user (users id={id})"),
        })
    }

    /// The folder relative file paths are resolved against by default.
    pub fn folder(&self) -> PathBuf {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A cell as text, for fingerprints: what SQLite's `CAST(x AS TEXT)` would give.
fn text_of(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Integer(n) => n.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(s) => s.clone(),
        Value::Blob(b) => hex::encode(b),
    }
}

/// Why the file cannot be read as an MVP database at all (as opposed to a bad row).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{0} does not exist")]
    Missing(String),
    #[error("{path} is not a readable SQLite database: {reason}")]
    Unreadable { path: String, reason: String },
    #[error(
        "{path} has no table `{table}`: is it the MVP's database? Its expected schema is in docs/legacy-sqlite.md"
    )]
    MissingTable { path: String, table: &'static str },
    #[error(
        "{path}: table `{table}` has no column `{column}`: is it the MVP's database? Its expected schema is in docs/legacy-sqlite.md"
    )]
    MissingColumn {
        path: String,
        table: &'static str,
        column: &'static str,
    },
}

/// Opens `path` read-only and reads the three tables (and `app_meta`, when present).
pub fn read(path: &Path) -> Result<LegacyDb, SourceError> {
    let shown = path.display().to_string();
    if !path.is_file() {
        return Err(SourceError::Missing(shown));
    }
    let unreadable = |error: rusqlite::Error| SourceError::Unreadable {
        path: shown.clone(),
        reason: error.to_string(),
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(unreadable)?;
    // Belt and braces: even a bug here cannot write to the legacy file.
    conn.pragma_update(None, "query_only", true)
        .map_err(unreadable)?;

    let instance_id = if columns(&conn, "app_meta").map_err(unreadable)?.is_empty() {
        None
    } else {
        use rusqlite::OptionalExtension;
        conn.query_row(
            "SELECT CAST(value AS TEXT) FROM app_meta WHERE key = 'instance_id'",
            [],
            |row| row.get::<_, Option<String>>(0),
        )
        .optional()
        .map_err(unreadable)?
        .flatten()
        .filter(|v| !v.trim().is_empty())
    };

    let table = |name, required, optional| select(&conn, &shown, name, required, optional);
    let users = table(
        "users",
        &["id", "email", "created_at"][..],
        &["name", "is_admin"][..],
    )?
    .into_iter()
    .map(|mut row| RawUser {
        is_admin: take(&mut row, 4),
        name: take(&mut row, 3),
        created_at: take(&mut row, 2),
        email: take(&mut row, 1),
        id: take(&mut row, 0),
    })
    .collect();
    let documents = table(
        "documents",
        &["id", "user_id", "title", "file_path", "uploaded_at"][..],
        &[][..],
    )?
    .into_iter()
    .map(|mut row| RawDocument {
        uploaded_at: take(&mut row, 4),
        file_path: take(&mut row, 3),
        title: take(&mut row, 2),
        user_id: take(&mut row, 1),
        id: take(&mut row, 0),
    })
    .collect();
    let results = table(
        "compliance_results",
        &["id", "document_id", "standard", "status", "checked_at"][..],
        &["score", "findings"][..],
    )?
    .into_iter()
    .map(|mut row| RawResult {
        findings: take(&mut row, 6),
        score: take(&mut row, 5),
        checked_at: take(&mut row, 4),
        status: take(&mut row, 3),
        standard: take(&mut row, 2),
        document_id: take(&mut row, 1),
        id: take(&mut row, 0),
    })
    .collect();
    Ok(LegacyDb {
        path: path.to_path_buf(),
        instance_id,
        users,
        documents,
        results,
    })
}

fn take(row: &mut Vec<Value>, index: usize) -> Value {
    if index < row.len() {
        row.swap_remove(index)
    } else {
        Value::Null
    }
}

/// The table's column names (lower case); empty when the table does not exist.
fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare("SELECT lower(name) FROM pragma_table_info(?1)")?;
    let names = statement
        .query_map([table], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names)
}

/// Every row of `table`: the `required` columns, then the `optional` ones (NULL when the
/// table lacks them), ordered by id.
fn select(
    conn: &Connection,
    path: &str,
    table: &'static str,
    required: &[&'static str],
    optional: &[&'static str],
) -> Result<Vec<Vec<Value>>, SourceError> {
    let unreadable = |error: rusqlite::Error| SourceError::Unreadable {
        path: path.to_owned(),
        reason: error.to_string(),
    };
    let present = columns(conn, table).map_err(unreadable)?;
    if present.is_empty() {
        return Err(SourceError::MissingTable {
            path: path.to_owned(),
            table,
        });
    }
    if let Some(column) = required.iter().find(|c| !present.iter().any(|p| p == *c)) {
        return Err(SourceError::MissingColumn {
            path: path.to_owned(),
            table,
            column,
        });
    }
    // Only names from this file reach the SQL text, never anything read from the database.
    let list: Vec<String> = required
        .iter()
        .map(|c| format!("\"{c}\""))
        .chain(optional.iter().map(|c| {
            if present.iter().any(|p| p == c) {
                format!("\"{c}\"")
            } else {
                "NULL".to_owned()
            }
        }))
        .collect();
    let sql = format!(
        "SELECT {} FROM \"{table}\" ORDER BY \"id\"",
        list.join(", ")
    );
    let width = list.len();
    let mut statement = conn.prepare(&sql).map_err(unreadable)?;
    let rows = statement
        .query_map([], |row| {
            (0..width)
                .map(|i| row.get::<_, Value>(i))
                .collect::<rusqlite::Result<Vec<Value>>>()
        })
        .map_err(unreadable)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(unreadable)?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(sql: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mvp.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(sql).unwrap();
        (dir, path)
    }

    const SCHEMA: &str = "
        CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, name TEXT, password_hash TEXT,
                            created_at TEXT);
        CREATE TABLE documents (id INTEGER PRIMARY KEY, user_id INTEGER, title TEXT,
                                file_path TEXT, uploaded_at TEXT);
        CREATE TABLE compliance_results (id INTEGER PRIMARY KEY, document_id INTEGER,
                                         standard TEXT, status TEXT, checked_at TEXT);
    ";

    #[test]
    fn reads_rows_and_tolerates_missing_optional_columns() {
        let (_dir, path) = fixture(&format!(
            "{SCHEMA}
             INSERT INTO users VALUES (2, 'b@example.org', 'Bee', 'pbkdf2:sha256:1$s$h', '2024-01-02');
             INSERT INTO users VALUES (1, 'A@Example.org', 'Ay', 'pbkdf2:sha256:1$s$h', '2024-01-01');"
        ));
        let db = read(&path).unwrap();
        assert_eq!(db.users.len(), 2);
        assert_eq!(db.users[0].id, Value::Integer(1));
        assert_eq!(db.users[0].email, Value::Text("A@Example.org".into()));
        assert_eq!(db.users[0].is_admin, Value::Null);
        assert!(db.documents.is_empty() && db.results.is_empty());
        assert_eq!(db.instance_id, None);
        // Without an instance id, the first user identifies the source.
        let id = db.source_id().unwrap();
        assert_eq!(id.derived_from, "first user (users id=1)");
        assert_eq!(id.fingerprint.len(), 64);
        // The hash is never read.
        assert!(!format!("{db:?}").contains("pbkdf2"));
    }

    #[test]
    fn the_instance_id_identifies_the_source_whatever_the_rows() {
        let (_dir, path) = fixture(&format!(
            "{SCHEMA}
             CREATE TABLE app_meta (key TEXT PRIMARY KEY, value TEXT);
             INSERT INTO app_meta VALUES ('instance_id', 'ABC-123');"
        ));
        let first = read(&path).unwrap().source_id().unwrap();
        Connection::open(&path)
            .unwrap()
            .execute_batch("INSERT INTO users VALUES (1, 'a@example.org', 'A', 'x', '2024-01-01')")
            .unwrap();
        let second = read(&path).unwrap().source_id().unwrap();
        assert_eq!(first, second);
        assert_eq!(first.derived_from, "app_meta instance_id abc-123");
    }

    #[test]
    fn files_that_are_not_the_mvp_database_are_refused_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.db");
        assert!(matches!(read(&missing), Err(SourceError::Missing(_))));

        let junk = dir.path().join("junk.db");
        std::fs::write(&junk, b"this is not sqlite at all, just some text").unwrap();
        assert!(matches!(read(&junk), Err(SourceError::Unreadable { .. })));

        let (_d, other) =
            fixture("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, created_at TEXT);");
        let error = read(&other).unwrap_err().to_string();
        assert!(error.contains("no table `documents`"), "{error}");

        let (_d, partial) = fixture(&SCHEMA.replace("file_path TEXT, ", ""));
        let error = read(&partial).unwrap_err().to_string();
        assert!(error.contains("no column `file_path`"), "{error}");
    }

    #[test]
    fn the_file_is_never_written() {
        let (_dir, path) = fixture(SCHEMA);
        let before = std::fs::read(&path).unwrap();
        read(&path).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}
