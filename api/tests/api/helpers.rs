//! The test harness: a fresh database per test (cloned from a migrated template), the real
//! application on a random loopback port, and typed helpers to talk to both.
//!
//! `scripts/test` starts a throwaway PostgreSQL and Azurite and exports:
//! - `VIGIL_TEST_PG_SUPERUSER_URL`, `VIGIL_TEST_PG_OWNER_URL`, `VIGIL_TEST_PG_APP_URL`
//!   (server URLs without a database name);
//! - `VIGIL_TEST_AZURITE_ENDPOINT`, `VIGIL_TEST_AZURITE_CONTAINER`.

use std::sync::OnceLock;

use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};
use sha2::{Digest, Sha256};
use vigil::config::{Config, DatabaseConfig, Secret};
use vigil::db::Db;
use vigil::startup::Application;

pub fn required_env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the tests with scripts/test, which starts PostgreSQL and Azurite")
    })
}

fn with_db(server_url: &str, db: &str) -> String {
    format!("{}/{db}", server_url.trim_end_matches('/'))
}

/// Connects as the cluster superuser to the `postgres` database (harness administration only).
pub fn superuser_conn() -> PgConnection {
    let url = with_db(&required_env("VIGIL_TEST_PG_SUPERUSER_URL"), "postgres");
    PgConnection::establish(&url).expect("superuser connection")
}

fn migrations_fingerprint() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let mut entries: Vec<_> = walk(&root);
    entries.sort();
    let mut hasher = Sha256::new();
    for path in entries {
        hasher.update(
            path.strip_prefix(&root)
                .unwrap_or(&path)
                .to_string_lossy()
                .as_bytes(),
        );
        hasher.update(std::fs::read(&path).expect("read migration"));
    }
    hex::encode(&hasher.finalize()[..6])
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("migrations folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The migrated template for this version of the migrations, created once per cluster.
fn template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = format!("vigil_tpl_{}", migrations_fingerprint());
        let mut conn = superuser_conn();
        // Test processes run in parallel; one creates the template, the others wait.
        diesel::sql_query("SELECT pg_advisory_lock(7411)")
            .execute(&mut conn)
            .expect("lock");
        let exists: bool = diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
            "EXISTS (SELECT 1 FROM pg_database WHERE datname = '{name}')"
        )))
        .get_result(&mut conn)
        .expect("template lookup");
        if !exists {
            let building = format!("{name}_building");
            diesel::sql_query(format!("DROP DATABASE IF EXISTS {building}"))
                .execute(&mut conn)
                .expect("drop stale template");
            diesel::sql_query(format!("CREATE DATABASE {building} OWNER vigil_owner"))
                .execute(&mut conn)
                .expect("create template");
            let owner_url = with_db(&required_env("VIGIL_TEST_PG_OWNER_URL"), &building);
            vigil::db::migrations::run_pending(&owner_url).expect("migrate template");
            diesel::sql_query(format!("ALTER DATABASE {building} RENAME TO {name}"))
                .execute(&mut conn)
                .expect("publish template");
        }
        diesel::sql_query("SELECT pg_advisory_unlock(7411)")
            .execute(&mut conn)
            .expect("unlock");
        name
    })
}

/// A database of its own for one test, migrated, owned by `vigil_owner`.
pub struct TestDb {
    pub name: String,
}

impl TestDb {
    pub fn create() -> Self {
        let template = template();
        let name = format!("vigil_test_{}", uuid::Uuid::new_v4().simple());
        diesel::sql_query(format!(
            "CREATE DATABASE {name} TEMPLATE {template} OWNER vigil_owner"
        ))
        .execute(&mut superuser_conn())
        .expect("create test database");
        Self { name }
    }

    /// An empty database (no migrations), for migration tests.
    pub fn create_empty() -> Self {
        let name = format!("vigil_test_{}", uuid::Uuid::new_v4().simple());
        diesel::sql_query(format!("CREATE DATABASE {name} OWNER vigil_owner"))
            .execute(&mut superuser_conn())
            .expect("create empty test database");
        Self { name }
    }

    pub fn app_url(&self) -> String {
        with_db(&required_env("VIGIL_TEST_PG_APP_URL"), &self.name)
    }

    pub fn owner_url(&self) -> String {
        with_db(&required_env("VIGIL_TEST_PG_OWNER_URL"), &self.name)
    }

    pub fn superuser_url(&self) -> String {
        with_db(&required_env("VIGIL_TEST_PG_SUPERUSER_URL"), &self.name)
    }

    /// A connection as the application role (RLS applies).
    pub fn app_conn(&self) -> PgConnection {
        PgConnection::establish(&self.app_url()).expect("app connection")
    }

    /// A connection as the cluster superuser (bypasses RLS): for arranging and asserting.
    pub fn superuser_conn(&self) -> PgConnection {
        PgConnection::establish(&self.superuser_url()).expect("superuser connection")
    }

    /// The application's pool and tenant-transaction functions, on this database.
    pub fn pool(&self, size: u32) -> Db {
        Db::new(&DatabaseConfig {
            url: Secret::new(self.app_url()),
            pool_size: size,
            connect_timeout_secs: 5,
            statement_timeout_ms: 10_000,
        })
    }
}

pub struct TestApp {
    pub address: String,
    pub db: TestDb,
    pub client: reqwest::Client,
    /// Kept so the folder lives as long as the app.
    _storage_dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Spawns the app after letting the test adjust its configuration.
    pub async fn spawn_with(customize: impl FnOnce(&mut Config)) -> Self {
        let db = TestDb::create();
        let storage_dir = tempfile::tempdir().expect("storage dir");
        let storage_path = storage_dir.path().to_string_lossy().into_owned();
        let app_url = db.app_url();
        let mut config = Config::try_from_args([
            "vigil",
            "--bind",
            "127.0.0.1:0",
            "--http-workers",
            "1",
            "--database-url",
            &app_url,
            "--db-pool-size",
            "4",
            "--storage-backend",
            "local",
            "--storage-local-dir",
            &storage_path,
        ])
        .expect("test configuration");
        customize(&mut config);

        let app = Application::build(config)
            .await
            .expect("application builds");
        let port = app.port();
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client");
        Self {
            address: format!("http://127.0.0.1:{port}"),
            db,
            client,
            _storage_dir: storage_dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }
}

/// Asserts a response is an RFC 9457 problem with the given status and code; returns its body.
pub async fn assert_problem(
    response: reqwest::Response,
    status: u16,
    code: &str,
) -> serde_json::Value {
    assert_eq!(response.status().as_u16(), status, "status");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("application/problem+json"),
        "content type was {content_type:?}"
    );
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .expect("x-request-id header");
    let body: serde_json::Value = response.json().await.expect("problem body is JSON");
    assert_eq!(body["status"], status, "body status: {body}");
    assert_eq!(body["code"], code, "body code: {body}");
    assert_eq!(body["type"], format!("urn:vigil:problem:{code}"));
    assert!(body["title"].is_string(), "title: {body}");
    assert_eq!(body["request_id"], request_id, "request id in body: {body}");
    body
}
