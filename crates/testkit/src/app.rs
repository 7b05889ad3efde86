//! The application on its own server thread and loopback port, and reading its answers.

use vigil::config::Config;
use vigil::startup::Application;

use crate::{TestDb, responses, test_pooler};

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

    /// `GET path` without a session, answered 200, read as the API's response type.
    pub async fn read<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        expect_body(self.get(path).await, 200).await
    }
}

/// The text of a response with this status; a wrong status fails with the body in the message.
pub async fn expect_text(response: reqwest::Response, status: u16) -> String {
    let actual = response.status().as_u16();
    let url = response.url().path().to_owned();
    let text = response.text().await.expect("response body");
    assert_eq!(actual, status, "{url}: {text}");
    text
}

/// A JSON body read as the API's response type; a wrong shape fails with the body in the
/// message.
pub fn decode<T: serde::de::DeserializeOwned>(text: &str) -> T {
    decode_from("body", text)
}

fn decode_from<T: serde::de::DeserializeOwned>(source: &str, text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| {
        panic!(
            "{source}: not a {}: {e}: {text}",
            std::any::type_name::<T>()
        )
    })
}

/// The body of a response with this status, read as the API's response type (see
/// [`responses`](crate::responses)); a wrong status or shape fails with the body in the message.
pub async fn expect_body<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
    status: u16,
) -> T {
    let url = response.url().path().to_owned();
    decode_from(&url, &expect_text(response, status).await)
}

/// Asserts a response is an RFC 9457 problem with the given status and code; returns it typed.
pub async fn expect_problem(
    response: reqwest::Response,
    status: u16,
    code: &str,
) -> responses::Problem {
    let body = assert_problem(response, status, code).await;
    serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("not a problem: {e}: {body}"))
}

/// Asserts a response is an RFC 9457 problem with the given status and code; returns its body
/// as JSON (see [`expect_problem`] for the typed problem).
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
