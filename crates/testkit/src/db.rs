//! A database per test, cloned from a migrated template; dropped when the test ends.

use std::sync::OnceLock;

use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};
use sha2::{Digest, Sha256};
use vigil::config::{DatabaseConfig, PoolerMode};
use vigil::db::Db;

pub fn required_env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the tests with scripts/test, which starts PostgreSQL and Azurite")
    })
}

/// `transaction` when `scripts/test` points `VIGIL_TEST_PG_APP_URL` at PgBouncer in
/// transaction pooling mode (it reruns the tenancy tests that way).
pub fn test_pooler() -> PoolerMode {
    match std::env::var("VIGIL_TEST_DB_POOLER").as_deref() {
        Ok("transaction") => PoolerMode::Transaction,
        _ => PoolerMode::None,
    }
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
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
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
            vigil_data::migrations::run_pending(&owner_url).expect("migrate template");
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
            pool_size: size,
            statement_timeout_ms: 10_000,
            pooler: test_pooler(),
            ..DatabaseConfig::for_url(self.app_url())
        })
        .expect("pool")
    }
}

/// Each test's database goes when the test ends (passed or failed), so a run leaves the cluster
/// as it found it; `VIGIL_TEST_KEEP_DBS=1` keeps them for a post-mortem.
impl Drop for TestDb {
    fn drop(&mut self) {
        if std::env::var_os("VIGIL_TEST_KEEP_DBS").is_some() {
            return;
        }
        // Never panic here: this also runs while a failing test unwinds.
        let Ok(url) = std::env::var("VIGIL_TEST_PG_SUPERUSER_URL") else {
            return;
        };
        if let Ok(mut conn) = PgConnection::establish(&with_db(&url, "postgres")) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut conn);
        }
    }
}
