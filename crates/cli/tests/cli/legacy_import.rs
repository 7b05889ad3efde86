//! `vigil import-sqlite`: the old single-user tool's SQLite database into a new organisation.
//! Each test builds its fixture database (and document files) in a temporary folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::json;
use sha2::{Digest, Sha256};
use vigil_cli::legacy::{ImportError, ImportOptions, ImportReport};

use crate::helpers::{TestApp, assert_problem, samples};

/// A legacy database as the MVP left it: `mvp.db` with its `uploads/` folder beside it.
struct Fixture {
    dir: tempfile::TempDir,
    conn: rusqlite::Connection,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("uploads")).unwrap();
        let conn = rusqlite::Connection::open(dir.path().join("mvp.db")).unwrap();
        // Python's sqlite3 (the MVP's) leaves foreign keys unenforced: rows can be orphans.
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             CREATE TABLE app_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE users (
               id INTEGER PRIMARY KEY AUTOINCREMENT,
               email TEXT NOT NULL UNIQUE,
               name TEXT NOT NULL DEFAULT '',
               password_hash TEXT NOT NULL,
               is_admin INTEGER NOT NULL DEFAULT 0,
               created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
             CREATE TABLE documents (
               id INTEGER PRIMARY KEY AUTOINCREMENT,
               user_id INTEGER NOT NULL REFERENCES users(id),
               title TEXT NOT NULL,
               original_filename TEXT,
               file_path TEXT NOT NULL,
               mime_type TEXT,
               file_size INTEGER,
               uploaded_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
             CREATE TABLE compliance_results (
               id INTEGER PRIMARY KEY AUTOINCREMENT,
               document_id INTEGER NOT NULL REFERENCES documents(id),
               standard TEXT NOT NULL,
               status TEXT NOT NULL,
               score REAL,
               findings TEXT,
               checked_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);",
        )
        .unwrap();
        conn.execute(
            "INSERT INTO app_meta VALUES ('schema_version', '3'), ('instance_id', ?1)",
            [uuid::Uuid::new_v4().to_string()],
        )
        .unwrap();
        Self { dir, conn }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("mvp.db")
    }

    fn user(&self, id: i64, email: &str, name: &str, admin: bool) -> &Self {
        self.conn
            .execute(
                "INSERT INTO users (id, email, name, password_hash, is_admin, created_at)
                 VALUES (?1, ?2, ?3, 'pbkdf2:sha256:600000$Xq3rT$9f2c0a1bde', ?4, '2023-06-01 08:30:00')",
                rusqlite::params![id, email, name, admin],
            )
            .unwrap();
        self
    }

    /// A document row; `content` is written to `uploads/<file>` unless it is `None`.
    fn document(
        &self,
        id: i64,
        user_id: i64,
        title: &str,
        file: &str,
        content: Option<&[u8]>,
    ) -> &Self {
        if let Some(content) = content {
            std::fs::write(self.dir.path().join("uploads").join(file), content).unwrap();
        }
        self.conn
            .execute(
                "INSERT INTO documents (id, user_id, title, original_filename, file_path, mime_type, uploaded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'application/octet-stream', '2024-02-10T09:15:00Z')",
                rusqlite::params![id, user_id, title, file, format!("uploads/{file}")],
            )
            .unwrap();
        self
    }

    fn result(
        &self,
        id: i64,
        document_id: i64,
        standard: &str,
        status: &str,
        score: Option<f64>,
        findings: Option<&str>,
    ) -> &Self {
        self.conn
            .execute(
                "INSERT INTO compliance_results (id, document_id, standard, status, score, findings, checked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '2024-02-11 10:00:00')",
                rusqlite::params![id, document_id, standard, status, score, findings],
            )
            .unwrap();
        self
    }

    fn sql(&self, sql: &str) {
        self.conn.execute_batch(sql).unwrap();
    }
}

/// What the database and storage hold, to prove a run changed nothing.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    rows: BTreeMap<&'static str, i64>,
    files: BTreeMap<String, String>,
}

fn snapshot(app: &TestApp) -> Snapshot {
    let mut rows = BTreeMap::new();
    for table in [
        "organizations",
        "users",
        "memberships",
        "documents",
        "compliance_results",
        "legacy_imports",
        "audit_events",
        "background_jobs",
    ] {
        rows.insert(
            table,
            app.count(&format!("SELECT count(*) AS n FROM {table}")),
        );
    }
    let mut files = BTreeMap::new();
    walk(app.storage_dir.path(), app.storage_dir.path(), &mut files);
    Snapshot { rows, files }
}

fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(root, &path, files);
        } else {
            let bytes = std::fs::read(&path).unwrap();
            files.insert(
                path.strip_prefix(root).unwrap().display().to_string(),
                hex::encode(Sha256::digest(bytes)),
            );
        }
    }
}

async fn run(
    app: &TestApp,
    options: &ImportOptions,
) -> (Result<ImportReport, ImportError>, String) {
    let db = app.db.pool(2);
    let storage = vigil::storage::Storage::from_config(&app.config.storage).unwrap();
    let mut out = Vec::new();
    let result = vigil_cli::legacy::import(&db, &storage, options, &mut out).await;
    (result, String::from_utf8(out).unwrap())
}

const ORG: &str = "Harbour View Clinic (imported)";

/// Legacy users: the owner (an existing Vigil account, typed in capitals here), an
/// administrator and a member with a one-word name; three documents and three results.
fn clinic(owner_email: &str) -> Fixture {
    let fixture = Fixture::new();
    fixture
        .user(1, &owner_email.to_uppercase(), "Jane Citizen", true)
        .user(2, "sam.lee@harbourview.example", "Sam Lee", true)
        .user(3, "Kiri@HarbourView.example", "Kiri", false)
        .document(
            1,
            1,
            "Infection control policy",
            "20240210_infection.pdf",
            Some(&samples::pdf()),
        )
        .document(
            2,
            2,
            "Hand hygiene audit.csv",
            "hygiene.csv",
            Some(&samples::csv()),
        )
        .document(3, 3, "Onboarding checklist", "onboarding.docx", Some(&samples::docx()))
        .result(
            1,
            1,
            "nsqhs 3",
            "pass",
            Some(92.5),
            Some(
                r#"[{"requirement": "3.10 Hand hygiene", "status": "pass", "evidence": "Audit 2024-01"},
                    {"requirement": "3.11 Aseptic technique", "recommendation": "Add annual review"}]"#,
            ),
        )
        .result(2, 1, "ACQS-3", "partial", Some(60.0), None)
        .result(3, 2, "NSQHS-1", "fail", None, Some("Audit overdue since March"));
    fixture
}

#[tokio::test]
async fn a_dry_run_then_an_import_then_re_runs_that_add_only_what_is_new() {
    let app = TestApp::spawn().await;
    let (owner, owner_session) = app.signed_up_owner().await;
    let fixture = clinic(&owner.email);
    let mut options = ImportOptions::new(fixture.path(), ORG, &owner.email);

    // Dry run: the plan is printed, nothing is written.
    options.dry_run = true;
    let before = snapshot(&app);
    let (report, out) = run(&app, &options).await;
    let report = report.unwrap_or_else(|e| panic!("{}\n{out}", e.report()));
    assert_eq!(snapshot(&app), before, "the dry run changed something");
    assert!(report.dry_run && report.organization_created);
    assert_eq!((report.users, report.documents, report.results), (3, 3, 3));
    assert_eq!(report.accounts_created, 2);
    for expected in [
        &format!("Organisation: \"{ORG}\" will be created"),
        &format!(
            "Owner: {} (users id=1, existing Vigil account)",
            owner.email
        ),
        "users id=2 sam.lee@harbourview.example (Sam Lee) -> admin (new account",
        "users id=3 Kiri@HarbourView.example (Kiri -) -> member (new account",
        "documents id=1 \"Infection control policy.pdf\" pdf",
        "documents id=2 \"Hand hygiene audit.csv\" csv",
        "compliance_results id=1 NSQHS-3 compliant, score 92.5, 2 finding(s), for documents id=1",
        "Dry run: nothing was written.",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert!(
        !out.contains("pbkdf2"),
        "a password hash was printed:\n{out}"
    );

    // The import.
    options.dry_run = false;
    let (report, out) = run(&app, &options).await;
    let report = report.unwrap_or_else(|e| panic!("{}\n{out}", e.report()));
    assert!(report.organization_created && !report.dry_run);
    assert_eq!(report.accounts_created, 2);
    assert!(out.contains("Imported into"), "{out}");
    assert!(out.contains("Forgot password"), "{out}");
    let org_id = report.org_id.to_string();

    // One new account per new person; the owner's existing account is linked, not duplicated.
    assert_eq!(
        app.count("SELECT count(*) AS n FROM users"),
        before.rows["users"] + 2
    );
    let role_of = |email: &str| {
        app.count(&format!(
            "SELECT (CASE m.role WHEN 'owner' THEN 1 WHEN 'admin' THEN 2 WHEN 'member' THEN 3 ELSE 0 END)::bigint AS n
             FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.org_id = '{org_id}' AND lower(u.email) = lower('{email}')"
        ))
    };
    assert_eq!(role_of(&owner.email), 1);
    assert_eq!(role_of("sam.lee@harbourview.example"), 2);
    assert_eq!(role_of("kiri@harbourview.example"), 3);
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.org_id = '{org_id}' AND u.id = '{}' AND m.role = 'owner'",
            owner_session.user_id()
        )),
        1
    );
    // New accounts are unverified and cannot sign in with anything until they reset.
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM users WHERE email = 'sam.lee@harbourview.example'
             AND email_verified_at IS NULL AND password_hash LIKE '$argon2id$%'"
        ),
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM audit_events WHERE org_id = '{org_id}' AND action = 'legacy_import.completed'"
        )),
        1
    );

    // The owner sees the documents and results through the API.
    let listed = app
        .json_as(
            &owner_session,
            &format!("/api/v1/organizations/{org_id}/documents?sort=name"),
        )
        .await;
    assert_eq!(listed["total"], 3);
    let names: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Hand hygiene audit.csv",
            "Infection control policy.pdf",
            "Onboarding checklist.docx"
        ]
    );
    let policy = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "pdf")
        .unwrap()
        .clone();
    assert_eq!(policy["created_at"], "2024-02-10T09:15:00Z");
    assert_eq!(policy["uploaded_by_user"], owner_session.user_id().as_str());
    let policy_id = policy["id"].as_str().unwrap();
    let content = app
        .get_as(
            &owner_session,
            &format!("/api/v1/organizations/{org_id}/documents/{policy_id}/content"),
        )
        .await;
    assert_eq!(content.status(), 200);
    assert_eq!(content.bytes().await.unwrap().as_ref(), samples::pdf());
    // The bytes are in the organisation's documents folder.
    let stored = app
        .storage_dir
        .path()
        .join(format!("organizations/{org_id}/documents/{policy_id}"));
    assert_eq!(std::fs::read(stored).unwrap(), samples::pdf());

    let results = app
        .json_as(
            &owner_session,
            &format!("/api/v1/organizations/{org_id}/documents/{policy_id}/compliance-results"),
        )
        .await;
    assert_eq!(results["total"], 2);
    let nsqhs = results["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["standard"] == "NSQHS-3")
        .unwrap();
    assert_eq!(nsqhs["status"], "compliant");
    assert_eq!(nsqhs["score"], 92.5);
    assert_eq!(nsqhs["findings"][0]["requirement"], "3.10 Hand hygiene");
    assert_eq!(nsqhs["findings"][1]["status"], "compliant");
    assert_eq!(nsqhs["created_at"], "2024-02-11T10:00:00Z");
    let all = app
        .json_as(
            &owner_session,
            &format!("/api/v1/organizations/{org_id}/compliance-results?status=non_compliant"),
        )
        .await;
    assert_eq!(all["total"], 1);
    assert_eq!(
        all["items"][0]["findings"][0]["evidence"],
        "Audit overdue since March"
    );
    assert_eq!(
        std::fs::read_dir(
            app.storage_dir
                .path()
                .join(format!("organizations/{org_id}/compliance-results"))
        )
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".json")
        })
        .count(),
        3
    );

    // An imported person cannot sign in until they choose a password with "Forgot password".
    assert_problem(
        app.login_response(
            "sam.lee@harbourview.example",
            "anything at all here 123",
            false,
        )
        .await,
        401,
        "invalid-credentials",
    )
    .await;
    let captcha = app.solve_captcha().await;
    let forgot = app
        .post_json(
            "/api/v1/auth/password/forgot",
            &json!({ "email": "sam.lee@harbourview.example", "captcha": captcha }),
        )
        .await;
    assert_eq!(forgot.status(), 202);
    let token = app.emails_to("sam.lee@harbourview.example", "password_reset")[0]
        .token_for("/reset-password");
    let password = "copper meadow violin 2031 drift";
    let reset = app
        .post_json(
            "/api/v1/auth/password/reset",
            &json!({ "token": token, "password": password }),
        )
        .await;
    assert_eq!(reset.status(), 204);
    app.drain_outbox().await;
    let sam = app
        .login("sam.lee@harbourview.example", password, false)
        .await;
    assert_eq!(sam.org_id(), org_id);
    let seen = app
        .json_as(&sam, &format!("/api/v1/organizations/{org_id}/documents"))
        .await;
    assert_eq!(seen["total"], 3);

    // A re-run imports nothing and changes nothing.
    let after_import = snapshot(&app);
    let (report, out) = run(&app, &options).await;
    let report = report.unwrap_or_else(|e| panic!("{}\n{out}", e.report()));
    assert_eq!(report.org_id.to_string(), org_id);
    assert!(!report.organization_created);
    assert_eq!((report.users, report.documents, report.results), (0, 0, 0));
    assert_eq!(
        (
            report.already.users,
            report.already.documents,
            report.already.results
        ),
        (3, 3, 3)
    );
    assert!(out.contains("Nothing new to import"), "{out}");
    assert_eq!(snapshot(&app), after_import, "a re-run changed something");

    // Rows added to the old tool since are imported on the next run, and only they.
    fixture
        .document(4, 3, "Fire drill log", "fire.txt", Some(&samples::txt()))
        .result(4, 4, "ACQS-8", "pending", None, None)
        .result(5, 2, "NSQHS-2", "compliant", Some(100.0), None);
    let (report, out) = run(&app, &options).await;
    let report = report.unwrap_or_else(|e| panic!("{}\n{out}", e.report()));
    assert_eq!(report.org_id.to_string(), org_id);
    assert_eq!((report.users, report.documents, report.results), (0, 1, 2));
    assert!(out.contains("for documents id=4"), "{out}");
    assert!(out.contains("(imported before)"), "{out}");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM documents WHERE org_id = '{org_id}'"
        )),
        4
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM compliance_results WHERE org_id = '{org_id}'"
        )),
        5
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM memberships WHERE org_id = '{org_id}'"
        )),
        3
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM organizations"),
        before.rows["organizations"] + 1
    );

    // The same database under another name is refused, pointing at where it went.
    let unchanged = snapshot(&app);
    let renamed = ImportOptions::new(fixture.path(), "Another name", &owner.email);
    let (result, _) = run(&app, &renamed).await;
    let error = result.unwrap_err();
    assert!(matches!(error, ImportError::Refused(_)), "{error:?}");
    let message = error.report();
    assert!(
        message.contains(&format!("--organization \"{ORG}\"")),
        "{message}"
    );
    assert!(message.contains(&org_id), "{message}");
    assert_eq!(snapshot(&app), unchanged);
    app.assert_outbox_empty();
}

#[tokio::test]
async fn every_bad_row_is_reported_with_its_id_and_nothing_is_imported() {
    let app = TestApp::spawn().await;
    let fixture = Fixture::new();
    fixture
        .user(1, "jane@clinic.example", "Jane Citizen", true)
        .user(2, "not-an-email", "Broken Address", false)
        .user(3, "JANE@clinic.example", "Jane Again", false)
        .document(1, 1, "Good policy", "good.pdf", Some(&samples::pdf()))
        .document(2, 1, "Lost policy", "lost.pdf", None)
        .document(3, 42, "Orphan", "orphan.pdf", Some(&samples::pdf()))
        .document(
            4,
            1,
            "Binary blob",
            "blob.bin",
            Some(&[0u8, 159, 146, 150, 0, 1]),
        )
        .result(1, 1, "NSQHS-1", "maybe", Some(50.0), None)
        .result(2, 99, "NSQHS-1", "pass", None, None)
        .result(
            3,
            1,
            "NSQHS 2",
            "pass",
            Some(150.0),
            Some("[{\"evidence\": \"x\"}]"),
        );
    fixture.sql("UPDATE documents SET uploaded_at = 'last tuesday' WHERE id = 1");

    let before = snapshot(&app);
    for dry_run in [true, false] {
        let mut options = ImportOptions::new(fixture.path(), ORG, "jane@clinic.example");
        options.dry_run = dry_run;
        let (result, out) = run(&app, &options).await;
        let error = result.unwrap_err();
        let report = error.report();
        let ImportError::BadRows { rows, .. } = &error else {
            panic!("expected bad rows, got {report}");
        };
        let lines: Vec<String> = rows.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 9, "{report}");
        let expect = |i: usize, prefix: &str, contains: &str| {
            assert!(
                lines[i].starts_with(prefix) && lines[i].contains(contains),
                "line {i}: expected {prefix}…{contains}, got {:?}\n{report}",
                lines[i]
            );
        };
        expect(0, "users id=2: ", "\"not-an-email\"");
        expect(1, "users id=3: ", "also the address of users id=1");
        expect(2, "documents id=1: ", "uploaded_at \"last tuesday\"");
        expect(3, "documents id=2: ", "lost.pdf does not exist");
        expect(4, "documents id=3: ", "user_id 42 is not a row of users");
        expect(5, "documents id=4: ", "not a type Vigil keeps");
        expect(6, "compliance_results id=1: ", "status \"maybe\"");
        expect(
            7,
            "compliance_results id=2: ",
            "document_id 99 is not a row of documents",
        );
        expect(8, "compliance_results id=3: ", "score 150");
        assert!(
            lines[8].contains("findings[0] has no requirement"),
            "{report}"
        );
        assert!(report.contains("9 bad row(s)"), "{report}");
        assert!(report.contains("nothing was imported"), "{report}");
        assert!(!out.contains("Imported"), "{out}");
        assert_eq!(snapshot(&app), before, "a refused import changed something");
    }
}

#[tokio::test]
async fn a_failure_while_writing_rows_leaves_no_files_and_no_rows() {
    let app = TestApp::spawn().await;
    let (owner, _) = app.signed_up_owner().await;
    let fixture = clinic(&owner.email);
    // The transaction's last statements fail: documents can only be inserted before then.
    app.sql(
        "CREATE FUNCTION refuse_results() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
         CREATE TRIGGER refuse_results BEFORE INSERT ON compliance_results
           FOR EACH ROW EXECUTE FUNCTION refuse_results();",
    );
    let before = snapshot(&app);
    let (result, out) = run(&app, &ImportOptions::new(fixture.path(), ORG, &owner.email)).await;
    let error = result.unwrap_err();
    assert!(matches!(error, ImportError::Failed(_)), "{error:?}");
    assert!(
        error.report().contains("nothing was imported"),
        "{}",
        error.report()
    );
    assert!(out.contains("copied 3/3"), "{out}");
    assert_eq!(
        snapshot(&app),
        before,
        "a failed import left something behind"
    );
}

#[tokio::test]
async fn the_owner_must_be_a_legacy_user_or_a_vigil_account() {
    let app = TestApp::spawn().await;
    let fixture = Fixture::new();
    fixture
        .user(1, "jane@clinic.example", "Jane Citizen", false)
        .document(1, 1, "Policy", "p.pdf", Some(&samples::pdf()));
    let before = snapshot(&app);
    let (result, _) = run(
        &app,
        &ImportOptions::new(fixture.path(), ORG, "stranger@elsewhere.example"),
    )
    .await;
    let message = result.unwrap_err().report();
    assert!(
        message.contains("stranger@elsewhere.example is neither a user in"),
        "{message}"
    );
    assert_eq!(snapshot(&app), before);

    // A legacy user as the owner: a new account, owner of the new organisation.
    let (report, out) = run(
        &app,
        &ImportOptions::new(fixture.path(), ORG, "Jane@Clinic.example"),
    )
    .await;
    let report = report.unwrap_or_else(|e| panic!("{}\n{out}", e.report()));
    assert_eq!(report.accounts_created, 1);
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.org_id = '{}' AND u.email = 'jane@clinic.example' AND m.role = 'owner'",
            report.org_id
        )),
        1
    );
    // Files outside the database's folder are refused (a crafted database cannot copy them).
    let other = Fixture::new();
    other.user(1, "lee@clinic.example", "Lee Chan", false);
    other.sql(
        "INSERT INTO documents (id, user_id, title, file_path) VALUES (1, 1, 'x', '/etc/passwd')",
    );
    let (result, _) = run(
        &app,
        &ImportOptions::new(other.path(), "Other clinic", "lee@clinic.example"),
    )
    .await;
    let message = result.unwrap_err().report();
    assert!(
        message.contains("documents id=1: file /etc/passwd is outside"),
        "{message}"
    );
}

#[tokio::test]
async fn across_tenants_only_the_holder_of_a_source_sees_it_and_only_its_source_row() {
    use diesel::connection::SimpleConnection;
    use diesel::{Connection, RunQueryDsl};

    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        source: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        legacy_table: String,
    }

    let app = TestApp::spawn().await;
    let fixture = Fixture::new();
    fixture
        .user(1, "jane@clinic.example", "Jane Citizen", false)
        .document(1, 1, "Policy", "p.pdf", Some(&samples::pdf()));
    let (report, _) = run(
        &app,
        &ImportOptions::new(fixture.path(), ORG, "jane@clinic.example"),
    )
    .await;
    let org_id = report.unwrap().org_id;
    let source: String = diesel::sql_query(
        "SELECT source, legacy_table FROM legacy_imports WHERE legacy_table = 'source'",
    )
    .get_result::<Row>(&mut app.db.superuser_conn())
    .unwrap()
    .source;

    // As the application role: (org context, source setting) → rows visible.
    let visible = |org: Option<String>, holder: Option<&str>| -> Vec<String> {
        let mut conn = app.db.app_conn();
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            conn.batch_execute(&format!(
                "SELECT set_config('app.org_id', '{}', true);
                 SELECT set_config('app.legacy_import_source', '{}', true);",
                org.unwrap_or_default(),
                holder.unwrap_or_default()
            ))?;
            Ok(
                diesel::sql_query("SELECT source, legacy_table FROM legacy_imports")
                    .load::<Row>(conn)?
                    .into_iter()
                    .map(|r| r.legacy_table)
                    .collect(),
            )
        })
        .unwrap()
    };
    assert!(visible(None, None).is_empty());
    assert!(visible(None, Some(&"0".repeat(64))).is_empty());
    assert_eq!(visible(None, Some(&source)), ["source"]);
    assert!(visible(Some(uuid::Uuid::new_v4().to_string()), Some(&source)).is_empty());
    let mut own = visible(Some(org_id.to_string()), None);
    own.sort();
    assert_eq!(own, ["documents", "source", "users"]);
}
