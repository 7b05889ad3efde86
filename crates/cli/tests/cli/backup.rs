//! Backups: a dump taken by `scripts/backup` and restored by `scripts/restore` gives back every
//! row of every organisation, with row-level security still enforced, and `scripts/restore
//! --verify` tells a faithful dump from one that differs from its database.
//!
//! The scripts run as they would in production: pg_dump as the backup role (BYPASSRLS,
//! read-only), pg_restore as the owner role. Checksums here are computed independently of the
//! script's (string_agg of the rows in a fixed order, rather than a sum of row hashes).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::sql_types::{BigInt, Bool, Text};
use diesel::{Connection, QueryableByName, RunQueryDsl};

use crate::helpers::{
    Caller, ServerThread, TestApp, TestDb, required_env, samples, superuser_conn,
};

fn server_url(env: &str, db: &str) -> String {
    format!("{}/{db}", required_env(env).trim_end_matches('/'))
}

/// The test database as the backup role (`vigil_backup`: BYPASSRLS, pg_read_all_data).
fn backup_url(db: &str) -> String {
    server_url("VIGIL_TEST_PG_BACKUP_URL", db)
}

/// The owner role, on the maintenance database (the target may not exist yet).
fn owner_url() -> String {
    server_url("VIGIL_TEST_PG_OWNER_URL", "postgres")
}

/// One of the scripts, with nothing inherited that could point it at another database (without
/// URLs they fall back to the development cluster).
fn script(name: &str) -> Command {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scripts")
        .join(name);
    let mut command = Command::new(path);
    for variable in [
        "DATABASE_URL",
        "DATABASE_ADMIN_URL",
        "VIGIL_BACKUP_DATABASE_URL",
    ] {
        command.env_remove(variable);
    }
    command
}

/// Runs a script off the async runtime (the app under test keeps serving meanwhile).
async fn run(mut command: Command) -> Output {
    let shown = format!("{command:?}");
    tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("{shown}: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_success(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}\n{}",
        output.status,
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// `scripts/backup` of database `db` into `dir`; returns the dump's path.
async fn backup(db: &str, dir: &Path) -> PathBuf {
    let mut command = script("backup");
    command
        .arg("--database-url")
        .arg(backup_url(db))
        .arg("--dir")
        .arg(dir)
        .arg("--no-prune");
    let output = run(command).await;
    assert_success(&output, "scripts/backup");
    let dump = PathBuf::from(text(&output.stdout).trim());
    let name = dump.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("vigil-") && name.ends_with("Z.dump") && name.len() == 27,
        "{name}"
    );
    assert!(
        dump.starts_with(dir) && dump.is_file(),
        "{}",
        dump.display()
    );
    // Every organisation's data: readable by its owner only.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&dump).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "dump mode {mode:o}");
    dump
}

async fn restore(dump: &Path, db: &str, extra: &[&str]) -> Output {
    let mut command = script("restore");
    command
        .arg(dump)
        .args(["--database", db, "--jobs", "2"])
        .arg("--database-url")
        .arg(owner_url())
        .args(extra);
    run(command).await
}

async fn verify(dump: &Path, db: &str) -> Output {
    let mut command = script("restore");
    command
        .arg("--verify")
        .arg(dump)
        .arg("--source-url")
        .arg(backup_url(db))
        .arg("--database-url")
        .arg(owner_url());
    run(command).await
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Sum {
    #[diesel(sql_type = BigInt)]
    rows: i64,
    #[diesel(sql_type = Text)]
    checksum: String,
}

/// Everything a restore must give back, read as the backup role: per table its row count and
/// the md5 of all its rows in a fixed order; and the isolation itself (RLS flags, policies,
/// grants), which a restore must not lose.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    tables: BTreeMap<String, (i64, String)>,
    isolation: Vec<String>,
}

fn snapshot(db: &str) -> Snapshot {
    let mut conn = PgConnection::establish(&backup_url(db)).expect("backup role connection");
    // Off: an error rather than silently filtered rows, should the role not bypass RLS.
    conn.batch_execute("SET row_security = off; SET TimeZone = 'UTC'")
        .unwrap();
    let names: Vec<Name> = diesel::sql_query(
        "SELECT format('%I.%I', n.nspname, c.relname) AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public'
         ORDER BY 1",
    )
    .load(&mut conn)
    .unwrap();
    let mut tables = BTreeMap::new();
    for Name { name } in names {
        let sum: Sum = diesel::sql_query(format!(
            "SELECT count(*) AS rows,
                    md5(coalesce(string_agg(ROW(t.*)::text, E'\\n' ORDER BY ROW(t.*)::text COLLATE \"C\"), '')) AS checksum
             FROM {name} AS t"
        ))
        .get_result(&mut conn)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        tables.insert(name, (sum.rows, sum.checksum));
    }
    let isolation: Vec<Name> = diesel::sql_query(
        "SELECT format('table %s rls=%s force=%s owner=%s grants=%s', c.relname, c.relrowsecurity,
                       c.relforcerowsecurity, pg_get_userbyid(c.relowner), c.relacl) AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public'
         UNION ALL
         SELECT format('policy %s.%s %s %s using %s check %s', tablename, policyname, cmd, roles,
                       qual, with_check)
         FROM pg_policies WHERE schemaname = 'public'
         ORDER BY 1",
    )
    .load(&mut conn)
    .unwrap();
    Snapshot {
        tables,
        isolation: isolation.into_iter().map(|n| n.name).collect(),
    }
}

fn rows(snapshot: &Snapshot, table: &str) -> i64 {
    snapshot.tables[&format!("public.{table}")].0
}

fn database_exists(db: &str) -> bool {
    #[derive(QueryableByName)]
    struct Exists {
        #[diesel(sql_type = Bool)]
        exists: bool,
    }
    diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
        .bind::<Text, _>(db)
        .get_result::<Exists>(&mut superuser_conn())
        .unwrap()
        .exists
}

/// As the application role, in a transaction with `org_id` as the tenant (or none): the
/// organisations whose documents and memberships it can see.
fn visible_orgs(db: &TestDb, org_id: Option<&str>) -> (Vec<String>, i64) {
    let mut conn = db.app_conn();
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        if let Some(org_id) = org_id {
            diesel::sql_query("SELECT set_config('app.org_id', $1, true)")
                .bind::<Text, _>(org_id)
                .execute(conn)?;
        }
        let orgs: Vec<Name> = diesel::sql_query(
            "SELECT DISTINCT org_id::text AS name FROM documents
             UNION SELECT DISTINCT org_id::text FROM memberships ORDER BY 1",
        )
        .load(conn)?;
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = BigInt)]
            n: i64,
        }
        let documents: Count =
            diesel::sql_query("SELECT count(*) AS n FROM documents").get_result(conn)?;
        Ok((orgs.into_iter().map(|n| n.name).collect(), documents.n))
    })
    .unwrap()
}

#[tokio::test]
async fn a_restored_backup_has_every_row_and_row_level_security_still_holds() {
    // Arrange: two organisations with members, documents, an invitation and audit trails.
    let app = TestApp::spawn().await;
    let (_, a_owner) = app.signed_up_owner().await;
    let a_org = a_owner.org_id();
    app.member_of(&a_org, "member").await;
    let a_caller = Caller::User(a_owner.clone());
    let a_doc = app
        .uploaded(
            &a_caller,
            &a_org,
            "Alpha infection control.pdf",
            samples::pdf(),
        )
        .await;
    app.uploaded(&a_caller, &a_org, "Alpha roster.csv", samples::csv())
        .await;
    let invited = app
        .send_as(
            &a_owner,
            reqwest::Method::POST,
            &format!("/api/v1/organizations/{a_org}/invitations"),
            &serde_json::json!({ "invitations": [{ "email": "new.nurse@alpha.example", "role": "member" }] }),
        )
        .await;
    assert!(invited.status().is_success(), "{}", invited.status());
    let (_, b_owner) = app.signed_up_owner().await;
    let b_org = b_owner.org_id();
    let b_doc = app
        .uploaded(
            &Caller::User(b_owner.clone()),
            &b_org,
            "Beta medication policy.txt",
            samples::txt(),
        )
        .await;
    app.drain_outbox().await;
    let db = &app.db.name;
    let before = snapshot(db);
    // The member signed up on their own first: a third organisation.
    assert_eq!(rows(&before, "organizations"), 3);
    assert_eq!(rows(&before, "documents"), 3);
    assert_eq!(rows(&before, "memberships"), 4);
    assert_eq!(rows(&before, "invitations"), 1);
    assert!(rows(&before, "audit_events") >= 3);
    assert!(rows(&before, "sessions") >= 2);

    // Act: back up, lose the database, restore it under its own name.
    let dir = tempfile::tempdir().unwrap();
    let dump = backup(db, dir.path()).await;
    assert_eq!(snapshot(db), before, "the data moved while it was dumped");
    diesel::sql_query(format!("DROP DATABASE {db} WITH (FORCE)"))
        .execute(&mut superuser_conn())
        .unwrap();
    assert!(!database_exists(db));
    let restored = restore(&dump, db, &[]).await;
    assert_success(&restored, "scripts/restore");

    // Assert: identical rows, and the same isolation, in a database the owner role owns.
    let after = snapshot(db);
    assert_eq!(after.tables, before.tables);
    assert_eq!(after.isolation, before.isolation);
    assert!(
        after
            .isolation
            .iter()
            .any(|line| line == "table documents rls=t force=t owner=vigil_owner grants={vigil_owner=arwdDxt/vigil_owner,vigil_app=arwd/vigil_owner}"),
        "{:?}",
        after.isolation
    );
    let owner: Name = diesel::sql_query(
        "SELECT pg_get_userbyid(datdba)::text AS name FROM pg_database WHERE datname = $1",
    )
    .bind::<Text, _>(db)
    .get_result(&mut superuser_conn())
    .unwrap();
    assert_eq!(owner.name, "vigil_owner");

    // The application role still sees nothing without a tenant, and one tenant with one.
    assert_eq!(visible_orgs(&app.db, None), (vec![], 0));
    assert_eq!(
        visible_orgs(&app.db, Some(&a_org)),
        (vec![a_org.clone()], 2)
    );
    assert_eq!(
        visible_orgs(&app.db, Some(&b_org)),
        (vec![b_org.clone()], 1)
    );

    // And the app, started on the restored database, serves A's data to A and nothing of B's.
    let server = ServerThread::start(app.config.clone())
        .await
        .expect("the app starts on the restored database");
    let address = format!("http://127.0.0.1:{}", server.port);
    let get = |path: String| {
        app.client
            .get(format!("{address}{path}"))
            .header("cookie", &a_owner.cookie)
            .send()
    };
    let a_doc_id = a_doc.id;
    let response = get(format!(
        "/api/v1/organizations/{a_org}/documents/{a_doc_id}"
    ))
    .await
    .unwrap();
    assert_eq!(response.status(), 200, "A's session survived the restore");
    let document: serde_json::Value = response.json().await.unwrap();
    assert_eq!(document["name"], "Alpha infection control.pdf");
    let content = get(format!(
        "/api/v1/organizations/{a_org}/documents/{a_doc_id}/content"
    ))
    .await
    .unwrap();
    assert_eq!(content.status(), 200);
    assert_eq!(content.bytes().await.unwrap().to_vec(), samples::pdf());
    let list: serde_json::Value = get(format!("/api/v1/organizations/{a_org}/documents"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["Alpha infection control.pdf", "Alpha roster.csv"]);
    let b_doc_id = b_doc.id;
    for path in [
        format!("/api/v1/organizations/{b_org}/documents/{b_doc_id}"),
        format!("/api/v1/organizations/{b_org}/documents"),
        format!("/api/v1/organizations/{a_org}/documents/{b_doc_id}"),
    ] {
        let response = get(path.clone()).await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let body = response.text().await.unwrap();
        assert!(!body.contains("Beta medication"), "{path}: {body}");
    }
}

/// A database with two organisations, written directly (the app is not needed here).
fn seeded_db() -> TestDb {
    let db = TestDb::create();
    db.superuser_conn()
        .batch_execute(
            "INSERT INTO organizations (id, name, slug) VALUES
               ('a0000000-0000-4000-8000-000000000001', 'Alpha Clinic', 'alpha-clinic'),
               ('b0000000-0000-4000-8000-000000000002', 'Beta Aged Care', 'beta-aged-care');
             INSERT INTO users (id, email, password_hash, first_name, last_name) VALUES
               ('c0000000-0000-4000-8000-000000000003', 'jane@alpha.example', 'x', 'Jane', 'Citizen'),
               ('d0000000-0000-4000-8000-000000000004', 'sam@beta.example', 'x', 'Sam', 'Citizen');
             INSERT INTO memberships (org_id, user_id, role) VALUES
               ('a0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000003', 'owner'),
               ('b0000000-0000-4000-8000-000000000002', 'd0000000-0000-4000-8000-000000000004', 'owner');
             INSERT INTO audit_events (org_id, id, action) VALUES
               ('a0000000-0000-4000-8000-000000000001', gen_random_uuid(), 'test.seeded'),
               ('b0000000-0000-4000-8000-000000000002', gen_random_uuid(), 'test.seeded');",
        )
        .unwrap();
    db
}

/// The lines of the verification table, by table name: (source rows, restored rows, result).
fn verdicts(output: &Output) -> BTreeMap<String, String> {
    text(&output.stdout)
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let table = fields.next()?.to_owned();
            let rest: Vec<&str> = fields.collect();
            Some((table, rest.join(" ")))
        })
        .collect()
}

/// The scratch database `--verify` said it restored into.
fn scratch_name(output: &Output) -> String {
    let stderr = text(&output.stderr);
    let start = stderr
        .find("vigil_verify_")
        .unwrap_or_else(|| panic!("no scratch database named in:\n{stderr}"));
    stderr[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

#[tokio::test]
async fn verify_passes_on_a_faithful_dump_and_fails_when_a_table_differs() {
    let db = seeded_db();
    let dir = tempfile::tempdir().unwrap();
    let dump = backup(&db.name, dir.path()).await;

    let good = verify(&dump, &db.name).await;
    assert_success(&good, "scripts/restore --verify");
    let table = verdicts(&good);
    assert_eq!(table["public.organizations"], "2 2 ok");
    assert_eq!(table["public.audit_events"], "2 2 ok");
    assert!(table.len() >= 20, "{table:?}");
    assert!(table.values().all(|v| v.ends_with(" ok")), "{table:?}");
    assert!(
        !database_exists(&scratch_name(&good)),
        "scratch left behind"
    );

    // The source changes after the dump: one row edited, one deleted.
    db.superuser_conn()
        .batch_execute(
            "UPDATE organizations SET name = 'Alpha Clinic (renamed)'
               WHERE id = 'a0000000-0000-4000-8000-000000000001';
             DELETE FROM memberships WHERE org_id = 'b0000000-0000-4000-8000-000000000002';",
        )
        .unwrap();
    let bad = verify(&dump, &db.name).await;
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad.stderr));
    let table = verdicts(&bad);
    assert_eq!(table["public.organizations"], "2 2 CHECKSUM DIFFERS");
    assert_eq!(table["public.memberships"], "1 2 ROW COUNT DIFFERS");
    // Both edits give the members a new access stamp (migration 14).
    assert_eq!(table["public.users"], "2 2 CHECKSUM DIFFERS");
    assert_eq!(
        table.values().filter(|v| !v.ends_with(" ok")).count(),
        3,
        "{table:?}"
    );
    assert!(text(&bad.stderr).contains("3 of "), "{}", text(&bad.stderr));
    assert!(!database_exists(&scratch_name(&bad)), "scratch left behind");
}

#[tokio::test]
async fn restore_refuses_to_overwrite_a_database_unless_told_to_replace_it() {
    let db = seeded_db();
    let dir = tempfile::tempdir().unwrap();
    let dump = backup(&db.name, dir.path()).await;
    let before = snapshot(&db.name);
    db.superuser_conn()
        .batch_execute("INSERT INTO audit_events (org_id, id, action) VALUES ('a0000000-0000-4000-8000-000000000001', gen_random_uuid(), 'after.backup')")
        .unwrap();

    let refused = restore(&dump, &db.name, &[]).await;
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("--replace"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(
        rows(&snapshot(&db.name), "audit_events"),
        3,
        "left as it was"
    );

    let replaced = restore(&dump, &db.name, &["--replace"]).await;
    assert_success(&replaced, "scripts/restore --replace");
    assert_eq!(snapshot(&db.name), before);

    // A database in use is not replaced.
    let _session = db.app_conn();
    let busy = restore(&dump, &db.name, &["--replace"]).await;
    assert!(!busy.status.success());
    assert!(
        text(&busy.stderr).contains("connected"),
        "{}",
        text(&busy.stderr)
    );
    assert_eq!(snapshot(&db.name), before);
}
