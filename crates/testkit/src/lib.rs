#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test support: a broken fixture should fail the test loudly"
)]
//! The test harness: a fresh database per test (cloned from a migrated template), the real
//! application on a random loopback port, and typed helpers to talk to both.
//!
//! `scripts/test` starts a throwaway PostgreSQL and Azurite and exports:
//! - `VIGIL_TEST_PG_SUPERUSER_URL`, `VIGIL_TEST_PG_OWNER_URL`, `VIGIL_TEST_PG_APP_URL`
//!   (server URLs without a database name);
//! - `VIGIL_TEST_AZURITE_ENDPOINT`, `VIGIL_TEST_AZURITE_CONTAINER`;
//! - `VIGIL_TEST_DB_POOLER=transaction` when the app URL goes through PgBouncer.

use std::sync::OnceLock;

use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};
use sha2::{Digest, Sha256};
use vigil::config::{Config, DatabaseConfig, PoolerMode};
use vigil::db::Db;
use vigil::startup::Application;

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

/// The app served on a thread of its own. Dropping it stops the server and waits until its
/// workers have closed their database connections, so nothing touches libpq while the test
/// process exits or its database is dropped.
pub struct ServerThread {
    pub port: u16,
    handle: actix_web::dev::ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ServerThread {
    pub async fn start(config: Config) -> anyhow::Result<Self> {
        let (started, ready) = tokio::sync::oneshot::channel();
        let thread = std::thread::spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => {
                    let _ = started.send(Err(e.into()));
                    return;
                }
            };
            runtime.block_on(async move {
                match Application::build(config).await {
                    Ok(app) => {
                        let _ = started.send(Ok((app.port(), app.handle())));
                        let _ = app.run_until_stopped().await;
                    }
                    Err(e) => {
                        let _ = started.send(Err(e));
                    }
                }
            });
        });
        let (port, handle) = ready.await??;
        Ok(Self {
            port,
            handle,
            thread: Some(thread),
        })
    }
}

impl Drop for ServerThread {
    fn drop(&mut self) {
        // Forced: idle keep-alive connections would hold a graceful stop for its full timeout.
        // The command is sent before the returned future is polled.
        drop(self.handle.stop(false));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

pub struct TestApp {
    /// First, so it is dropped (server stopped) before the database goes.
    _server: ServerThread,
    pub address: String,
    pub db: TestDb,
    pub config: Config,
    pub client: reqwest::Client,
    pub storage_dir: tempfile::TempDir,
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
            // Jobs run when a test says so (`run_jobs`), not in the background.
            "--worker-enabled",
            "false",
            "--email-driver",
            "console",
            // Cheap proof of work: the tests solve it for real.
            "--altcha-cost",
            "1",
            "--altcha-max-number",
            "20",
            // Fewer concurrent argon2 hashes than tests: exercises the bounded pool.
            "--password-hash-concurrency",
            "2",
            "--encryption-key",
            "dmlnaWwtdGVzdC1tZmEta2V5LTMyLWJ5dGVzLWxvbmc=",
            // API only, unless a test builds a web app of its own.
            "--web-dir",
            "/nonexistent/vigil-web",
        ])
        .expect("test configuration");
        config.database.pooler = test_pooler();
        customize(&mut config);

        let server = ServerThread::start(config.clone())
            .await
            .expect("application builds");
        let port = server.port;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client");
        Self {
            _server: server,
            address: format!("http://127.0.0.1:{port}"),
            db,
            config,
            client,
            storage_dir,
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
/// The body of a response with this status, read as the API's own response type; a wrong
/// status or shape fails with the body in the message.
pub async fn expect_body<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
    status: u16,
) -> T {
    let actual = response.status().as_u16();
    let url = response.url().path().to_owned();
    let text = response.text().await.expect("response body");
    assert_eq!(actual, status, "{url}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: {e}: {text}"))
}

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

// --- Auth flows ---------------------------------------------------------------------------

/// The origin browsers send; the app under test allows its public URL's origin.
pub const ORIGIN: &str = "http://127.0.0.1:8080";

/// A signed-in browser: the session cookie (carried by hand: cookie jars may not send
/// `Secure` cookies over plain http) and the CSRF token.
#[derive(Clone, Debug)]
pub struct TestSession {
    pub cookie: String,
    pub csrf: String,
    pub body: serde_json::Value,
}

impl TestSession {
    pub fn org_id(&self) -> String {
        self.body["current_organization_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn user_id(&self) -> String {
        self.body["user"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

/// A person signed up through the API, with the password they chose.
#[derive(Clone, Debug)]
pub struct TestUser {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub organization_name: String,
}

pub const PASSWORD: &str = "marble kettle orchard 1984 lantern";

impl Default for TestUser {
    fn default() -> Self {
        Self::new()
    }
}

impl TestUser {
    pub fn new() -> Self {
        let suffix = &uuid::Uuid::new_v4().simple().to_string()[..8];
        Self {
            email: format!("owner.{suffix}@example.org"),
            password: PASSWORD.into(),
            first_name: "Jane".into(),
            organization_name: format!("Harbour View Clinic {suffix}"),
        }
    }
}

/// An email waiting in the outbox, as the worker would render it.
#[derive(Debug, Clone)]
pub struct QueuedEmail {
    pub to: String,
    pub template: String,
    pub subject: String,
    pub text: String,
}

impl QueuedEmail {
    /// The `token` query parameter of the first link to `path`.
    pub fn token_for(&self, path: &str) -> String {
        let marker = format!("{path}?token=");
        let start = self
            .text
            .find(&marker)
            .unwrap_or_else(|| panic!("no {marker} link in:\n{}", self.text))
            + marker.len();
        self.text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }
}

#[derive(diesel::QueryableByName)]
struct JobRow {
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    payload: serde_json::Value,
}

impl TestApp {
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Fetches a challenge and solves it, as the ALTCHA widget does; returns the payload.
    pub async fn solve_captcha(&self) -> String {
        let body: serde_json::Value = self
            .get("/api/v1/captcha/challenge")
            .await
            .json()
            .await
            .expect("challenge JSON");
        assert_eq!(body["provider"], "altcha");
        let challenge: altcha::Challenge =
            serde_json::from_value(body["challenge"].clone()).expect("altcha challenge");
        let solution = altcha::solve_challenge(altcha::SolveChallengeOptions::new(&challenge))
            .expect("solving")
            .expect("a solution within the timeout");
        let payload = altcha::Payload {
            challenge,
            solution,
        };
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(serde_json::to_vec(&payload).unwrap())
    }

    pub fn signup_body(&self, user: &TestUser, captcha: &str) -> serde_json::Value {
        serde_json::json!({
            "organization_name": user.organization_name,
            "first_name": user.first_name,
            "last_name": "Citizen",
            "email": user.email,
            "password": user.password,
            "captcha": captcha,
            "accept_terms": true,
        })
    }

    pub async fn signup(&self, user: &TestUser) -> reqwest::Response {
        let captcha = self.solve_captcha().await;
        self.post_json("/api/v1/signup", &self.signup_body(user, &captcha))
            .await
    }

    /// Emails waiting in the outbox, oldest first.
    pub fn queued_emails(&self) -> Vec<QueuedEmail> {
        let rows: Vec<JobRow> = diesel::sql_query(
            "SELECT payload FROM background_jobs
             WHERE kind = 'send_email' AND status = 'pending' ORDER BY created_at, id",
        )
        .load(&mut self.db.superuser_conn())
        .expect("outbox rows");
        rows.into_iter()
            .map(|row| {
                let email: vigil::email::OutgoingEmail =
                    serde_json::from_value(row.payload).expect("email payload");
                let rendered = email.render().expect("renders");
                QueuedEmail {
                    to: email.to,
                    template: serde_json::to_value(email.template)
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_owned(),
                    subject: rendered.subject,
                    text: rendered.text,
                }
            })
            .collect()
    }

    /// The queued emails to `to` with `template`.
    pub fn emails_to(&self, to: &str, template: &str) -> Vec<QueuedEmail> {
        self.queued_emails()
            .into_iter()
            .filter(|e| e.to == to && e.template == template)
            .collect()
    }

    /// Runs the background worker once over the due jobs, with the app's configuration.
    pub async fn run_jobs(&self) -> usize {
        self.worker_with(&self.config.email)
            .run_once()
            .await
            .expect("worker ran")
    }

    pub fn worker_with(&self, email: &vigil::config::EmailConfig) -> vigil::jobs::Worker {
        let db = self.db.pool(2);
        let keys = self.config.auth.encryption_key.as_ref().map(|key| {
            vigil::clients::keys::KeyRing::new(
                db.clone(),
                vigil::crypto::Cipher::from_base64(key.expose()).expect("key"),
            )
        });
        vigil::jobs::Worker::new(
            db,
            vigil::email::Mailer::from_config(email).expect("mailer"),
            vigil::storage::Storage::from_config(&self.config.storage).expect("storage"),
            keys,
        )
    }

    /// Sends every queued email (console driver) and checks nothing is left behind.
    pub async fn drain_outbox(&self) {
        self.run_jobs().await;
        self.assert_outbox_empty();
    }

    /// No job may be left waiting unexpectedly at the end of a test.
    pub fn assert_outbox_empty(&self) {
        let left = self.queued_emails();
        assert!(left.is_empty(), "jobs left in the outbox: {left:#?}");
    }

    /// Signs up, verifies the email from the outbox, and signs in.
    pub async fn signed_up_owner(&self) -> (TestUser, TestSession) {
        let user = TestUser::new();
        self.signed_up(&user).await
    }

    pub async fn signed_up(&self, user: &TestUser) -> (TestUser, TestSession) {
        assert_eq!(self.signup(user).await.status(), 202);
        self.verify_from_outbox(&user.email).await;
        let session = self.login(&user.email, &user.password, false).await;
        (user.clone(), session)
    }

    pub async fn verify_from_outbox(&self, email: &str) {
        let mail = self
            .emails_to(email, "verify_email")
            .pop()
            .expect("a verification email");
        let token = mail.token_for("/verify-email");
        let response = self
            .post_json(
                "/api/v1/auth/verify-email",
                &serde_json::json!({ "token": token }),
            )
            .await;
        assert_eq!(response.status(), 200, "{:?}", response.text().await);
        self.drain_outbox().await;
    }

    pub async fn login_response(
        &self,
        email: &str,
        password: &str,
        remember: bool,
    ) -> reqwest::Response {
        self.post_json(
            "/api/v1/auth/login",
            &serde_json::json!({ "email": email, "password": password, "remember_me": remember }),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str, remember: bool) -> TestSession {
        let response = self.login_response(email, password, remember).await;
        assert_eq!(response.status(), 200, "login failed");
        session_from(response).await
    }

    /// A request carrying the session cookie, and for unsafe methods the CSRF token and Origin.
    pub fn as_user(
        &self,
        session: &TestSession,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::RequestBuilder {
        let unsafe_method = !matches!(method, reqwest::Method::GET | reqwest::Method::HEAD);
        let mut request = self
            .client
            .request(method, self.url(path))
            .header("cookie", &session.cookie);
        if unsafe_method {
            request = request
                .header("x-csrf-token", &session.csrf)
                .header("origin", ORIGIN);
        }
        request
    }
}

/// The `Set-Cookie` header of the session cookie.
pub fn session_set_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(vigil::SESSION_COOKIE_NAME))
        .map(str::to_owned)
}

pub async fn session_from(response: reqwest::Response) -> TestSession {
    let set_cookie = session_set_cookie(&response).expect("a session cookie");
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let body: serde_json::Value = response.json().await.expect("session body");
    TestSession {
        cookie,
        csrf: body["csrf_token"].as_str().expect("csrf token").to_owned(),
        body,
    }
}

// --- Stand-ins for third-party HTTP APIs (SendGrid, CAPTCHA providers) ----------------------

/// One request received by a [`FakeHttp`] server.
#[derive(Clone, Debug)]
pub struct Received {
    pub path: String,
    pub headers: std::collections::HashMap<String, String>,
    pub body: String,
}

/// A loopback HTTP server that records requests and answers with a status and JSON body
/// chosen per request by `respond`.
pub struct FakeHttp {
    pub url: String,
    pub received: std::sync::Arc<std::sync::Mutex<Vec<Received>>>,
}

impl FakeHttp {
    pub async fn start(
        respond: impl Fn(&Received) -> (u16, serde_json::Value) + Send + Sync + Clone + 'static,
    ) -> Self {
        use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
        let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = received.clone();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = HttpServer::new(move || {
            let log = log.clone();
            let respond = respond.clone();
            App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
                let log = log.clone();
                let respond = respond.clone();
                async move {
                    let request = Received {
                        path: req.path().to_owned(),
                        headers: req
                            .headers()
                            .iter()
                            .map(|(k, v)| {
                                (k.to_string(), v.to_str().unwrap_or_default().to_owned())
                            })
                            .collect(),
                        body: String::from_utf8_lossy(&body).into_owned(),
                    };
                    let (status, json) = respond(&request);
                    log.lock().unwrap().push(request);
                    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
                        .json(json)
                }
            }))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        tokio::spawn(server);
        Self {
            url: format!("http://127.0.0.1:{port}"),
            received,
        }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

// --- Organisations -----------------------------------------------------------------------------

impl TestApp {
    /// Runs SQL statements as the superuser (arranging and asserting only).
    pub fn sql(&self, sql: &str) {
        use diesel::connection::SimpleConnection;
        self.db
            .superuser_conn()
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    pub fn count(&self, sql: &str) -> i64 {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query(sql)
            .get_result::<N>(&mut self.db.superuser_conn())
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .n
    }

    /// A new person, signed in, made a member of `org_id` with `role` (directly in the database;
    /// the invitation flow has its own tests).
    pub async fn member_of(&self, org_id: &str, role: &str) -> (TestUser, TestSession) {
        let (user, session) = self.signed_up_owner().await;
        self.sql(&format!(
            "INSERT INTO memberships (org_id, user_id, role) VALUES ('{org_id}', '{}', '{role}')",
            session.user_id()
        ));
        (user, session)
    }

    pub async fn get_as(&self, session: &TestSession, path: &str) -> reqwest::Response {
        self.as_user(session, reqwest::Method::GET, path)
            .send()
            .await
            .expect("request sent")
    }

    /// Sends a JSON body as the signed-in person. The request is built at once, so several can
    /// be started and awaited together.
    pub fn send_as(
        &self,
        session: &TestSession,
        method: reqwest::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> impl Future<Output = reqwest::Response> + use<> {
        let request = self.as_user(session, method, path).json(body);
        async move { request.send().await.expect("request sent") }
    }

    pub async fn json_as(&self, session: &TestSession, path: &str) -> serde_json::Value {
        let response = self.get_as(session, path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("JSON body")
    }
}

// --- Enhanced authentication ---------------------------------------------------------------------

impl TestApp {
    /// A sign-in attempt as if from `ip` (the app must trust 127.0.0.1 as a proxy).
    pub async fn login_from(&self, ip: &str, email: &str, password: &str) -> reqwest::Response {
        self.login_from_with(ip, email, password, None).await
    }

    /// [`TestApp::login_from`], sending `cookie` (a device cookie, say) when given.
    pub async fn login_from_with(
        &self,
        ip: &str,
        email: &str,
        password: &str,
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .header("x-forwarded-for", ip)
            .json(&serde_json::json!({ "email": email, "password": password }));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request sent")
    }

    /// Outcomes of the recorded sign-in attempts, oldest first.
    pub fn attempt_outcomes(&self) -> Vec<String> {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Text)]
            outcome: String,
        }
        diesel::sql_query("SELECT outcome FROM login_attempts ORDER BY created_at, id")
            .load::<Row>(&mut self.db.superuser_conn())
            .unwrap()
            .into_iter()
            .map(|r| r.outcome)
            .collect()
    }
}

/// An app that trusts 127.0.0.1 as a proxy, so tests can sign in "from" any IP. The
/// per-account rate limit is raised so lockout tests see only the lockout.
pub async fn app_behind_proxy() -> TestApp {
    app_behind_proxy_with(|_| {}).await
}

/// [`app_behind_proxy`], with further configuration.
pub async fn app_behind_proxy_with(customize: impl FnOnce(&mut Config)) -> TestApp {
    TestApp::spawn_with(|config| {
        config.http.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        config.auth.login_per_account_per_minute = 1000;
        customize(config);
    })
    .await
}

// --- Tenant data ------------------------------------------------------------------------------------

/// Who makes a request: a signed-in person or an API client's bearer token.
#[derive(Clone, Debug)]
pub enum Caller {
    User(TestSession),
    Bearer(String),
}

impl TestApp {
    /// A request as `caller` (bearer requests carry no cookie and no CSRF token).
    pub fn as_caller(
        &self,
        caller: &Caller,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::RequestBuilder {
        match caller {
            Caller::User(session) => self.as_user(session, method, path),
            Caller::Bearer(token) => self
                .client
                .request(method, self.url(path))
                .bearer_auth(token),
        }
    }

    /// Uploads `bytes` as `name` to the organisation's documents.
    pub async fn upload(
        &self,
        caller: &Caller,
        org_id: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
        self.as_caller(
            caller,
            reqwest::Method::POST,
            &format!("/api/v1/organizations/{org_id}/documents"),
        )
        .multipart(form)
        .send()
        .await
        .expect("request sent")
    }

    /// Uploads and returns the document (asserting 201).
    pub async fn uploaded(
        &self,
        caller: &Caller,
        org_id: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> vigil::documents::model::DocumentResponse {
        expect_body(self.upload(caller, org_id, name, bytes).await, 201).await
    }

    /// Creates an API client with `scopes` as the owner; returns (client id, secret, row id).
    pub async fn api_client(
        &self,
        owner: &TestSession,
        scopes: &[&str],
    ) -> (String, String, String) {
        let response = self
            .send_as(
                owner,
                reqwest::Method::POST,
                &format!("/api/v1/organizations/{}/api-clients", owner.org_id()),
                &serde_json::json!({ "name": "Compliance engine", "scopes": scopes }),
            )
            .await;
        assert_eq!(response.status(), 201);
        let body: serde_json::Value = response.json().await.unwrap();
        (
            body["client_id"].as_str().unwrap().to_owned(),
            body["client_secret"].as_str().unwrap().to_owned(),
            body["id"].as_str().unwrap().to_owned(),
        )
    }

    pub async fn token_response(&self, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url("/oauth/token"))
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// An access token for a new client of `owner`'s organisation with `scopes`.
    pub async fn bearer(&self, owner: &TestSession, scopes: &[&str]) -> Caller {
        let (id, secret, _) = self.api_client(owner, scopes).await;
        let response = self
            .token_response(&[
                ("grant_type", "client_credentials"),
                ("client_id", &id),
                ("client_secret", &secret),
            ])
            .await;
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        Caller::Bearer(body["access_token"].as_str().unwrap().to_owned())
    }
}

/// Sample files of every accepted type, made here.
pub mod samples {
    use std::io::{Cursor, Write};

    pub fn pdf() -> Vec<u8> {
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            .to_vec()
    }

    fn office(part: &str) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", options).unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
        zip.start_file(part, options).unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><document/>")
            .unwrap();
        zip.finish().unwrap();
        out.into_inner()
    }

    pub fn docx() -> Vec<u8> {
        office("word/document.xml")
    }

    pub fn xlsx() -> Vec<u8> {
        office("xl/workbook.xml")
    }

    pub fn png() -> Vec<u8> {
        let mut out = Vec::new();
        image::RgbaImage::new(4, 4)
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    pub fn jpeg() -> Vec<u8> {
        let mut out = Vec::new();
        image::RgbImage::new(4, 4)
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
            .unwrap();
        out
    }

    pub fn csv() -> Vec<u8> {
        b"policy,owner,review\nInfection control,Jane,2026-12-01\nHand hygiene,Sam,2027-01-15\n"
            .to_vec()
    }

    pub fn txt() -> Vec<u8> {
        "Medication storage policy.\nKeep the fridge between 2 and 8 \u{b0}C.\n"
            .as_bytes()
            .to_vec()
    }

    /// The EICAR antivirus test string (harmless; every scanner flags it).
    pub fn eicar() -> Vec<u8> {
        br"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*".to_vec()
    }
}

/// An OpenAPI path template with its `{parameters}` filled in from `values`.
pub fn fill_path(template: &str, values: &std::collections::HashMap<&str, String>) -> String {
    let mut path = template.to_owned();
    for (name, value) in values {
        path = path.replace(&format!("{{{name}}}"), value);
    }
    assert!(
        !path.contains('{'),
        "no sample value for a parameter of {template}: add one to the sweep"
    );
    path
}
