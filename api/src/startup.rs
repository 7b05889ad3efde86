//! Builds the HTTP server from a configuration; used by `vigil serve` and by the tests.

use std::net::TcpListener;
use std::sync::{Arc, Weak};
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::access_tokens::keys::KeyRing;
use crate::captcha::Captcha;
use crate::config::Config;
use crate::crypto::Cipher;
use crate::db::Db;
use crate::email::Mailer;
use crate::http::json::JsonLimit;
use crate::http::{auth, headers, path_config, problem, query_config, request_id};
use crate::identity::lockout::LockoutPolicy;
use crate::identity::passkeys::relying_party;
use crate::identity::password::PasswordHasher;
use crate::identity::sessions::SessionPolicy;
use crate::jobs::Worker;
use crate::state::{AppState, origin_of};
use crate::storage::Storage;

pub struct Application {
    server: Server,
    port: u16,
    worker: Option<Worker>,
    poll: Duration,
    /// Dead once every worker thread has dropped the app state (and its database pool).
    state_alive: Weak<Config>,
}

/// How long a stopped server waits for its workers to drop the app state.
const STATE_RELEASE_WAIT: Duration = Duration::from_secs(10);

impl Application {
    /// Checks the database and storage, binds the listener, and prepares the server.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let metrics = Arc::new(crate::metrics::Metrics::new()?);
        let db = Db::new(&config.database)?.observed(metrics.db_observer());
        db.ping(Duration::from_secs(
            config.database.connect_timeout_secs.max(1),
        ))
        .await
        .map_err(anyhow::Error::from)
        .context("cannot reach PostgreSQL with DATABASE_URL")?;
        let storage = Storage::from_config(&config.storage)?;
        storage.check().await?;
        let mailer = Mailer::from_config(&config.email)?;
        crate::metrics::warn_if_closed(&config.metrics, &config.http.public_url);
        let mut allowed_origins = vec![
            origin_of(&config.http.public_url)
                .context("VIGIL_PUBLIC_URL must be an absolute URL")?,
        ];
        for extra in &config.http.extra_origins {
            if !extra.trim().is_empty() {
                allowed_origins
                    .push(origin_of(extra.trim()).context("invalid VIGIL_EXTRA_ORIGINS")?);
            }
        }
        let listener = TcpListener::bind(config.http.bind)
            .with_context(|| format!("cannot listen on {}", config.http.bind))?;
        let port = listener.local_addr()?.port();
        let cipher = config
            .auth
            .encryption_key
            .as_ref()
            .map(|key| Cipher::from_base64(key.expose()))
            .transpose()?;
        let keys = cipher.clone().map(|c| KeyRing::new(db.clone(), c));
        if let Some(keys) = &keys {
            keys.rotate_if_due()
                .await
                .context("cannot prepare the token-signing keys")?;
        }
        let worker = config
            .worker
            .enabled
            .then(|| Worker::new(db.clone(), mailer.clone(), storage.clone(), keys.clone()));
        let poll = Duration::from_millis(config.worker.poll_ms.max(50));
        let passkeys = relying_party(&config.http, config.auth.webauthn_rp_id.as_deref())
            .context("invalid VIGIL_WEBAUTHN_RP_ID")?;
        let state = AppState {
            passkeys,
            hasher: PasswordHasher::new(config.auth.password_hash_concurrency)?,
            captcha: Captcha::new(&config.captcha)?,
            session_policy: SessionPolicy::from_config(&config.auth),
            access_cache: Arc::default(),
            lockout_policy: LockoutPolicy::from_config(&config.auth),
            cipher,
            keys,
            allowed_origins,
            metrics,
            config: Arc::new(config),
            db,
            storage,
        };
        let state_alive = Arc::downgrade(&state.config);
        let server = serve(listener, state)?;
        Ok(Self {
            server,
            port,
            worker,
            poll,
            state_alive,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server from another task or thread.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until the server stops, with the background worker alongside when enabled.
    ///
    /// Returns only once the HTTP workers have let go of the app state, so database connections
    /// are closed before the process exits: a worker thread still closing them while the process
    /// ran its exit handlers crashed libpq (a SIGSEGV seen in CI).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let worker = self.worker.map(|w| tokio::spawn(w.run(self.poll)));
        let result = self.server.await;
        if let Some(worker) = worker {
            worker.abort();
            let _ = worker.await;
        }
        let deadline = tokio::time::Instant::now() + STATE_RELEASE_WAIT;
        while self.state_alive.strong_count() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        result
    }
}

fn serve(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let config = state.config.clone();
    let state = web::Data::new(state);
    let openapi = Arc::new(crate::openapi::document());
    let route_index = web::Data::new(problem::RouteIndex::from_openapi(&openapi));
    let operations = web::Data::new(crate::authz::operations::OperationIndex::from_openapi(
        &openapi,
    )?);
    let behind_tls = config.http.public_url.starts_with("https://");
    let json_limit = JsonLimit(config.http.json_limit_bytes);
    let web_app = web::Data::new(crate::web_app::WebApp::new(&config.http.web_dir));
    let workers = match config.http.workers {
        0 => std::thread::available_parallelism().map_or(2, usize::from),
        n => n,
    };

    let server = HttpServer::new(move || {
        let (app, _) = App::new()
            .into_utoipa_app()
            .configure(crate::routes::all)
            .split_for_parts();
        app.app_data(state.clone())
            .app_data(json_limit)
            .app_data(web_app.clone())
            .app_data(route_index.clone())
            .app_data(operations.clone())
            .app_data(path_config())
            .app_data(query_config())
            .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", openapi.as_ref().clone()))
            .service(web::redirect("/docs", "/docs/"))
            .route("/metrics", web::get().to(crate::health::metrics::scrape))
            .default_service(web::to(crate::web_app::fallback))
            .wrap(from_fn(crate::authz::guard::authorize))
            .wrap(from_fn(auth::reject_foreign_origins))
            .wrap(from_fn(problem::ensure_problem_json))
            .wrap(headers::security_headers(behind_tls))
            .wrap(from_fn(request_id::middleware))
            .wrap(from_fn(crate::health::metrics::track))
    })
    .workers(workers)
    .listen(listener)?
    .run();
    Ok(server)
}
