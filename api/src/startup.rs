//! Builds the HTTP server from a configuration; used by `vigil serve` and by the tests.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Config;
use crate::db::Db;
use crate::http::json::JsonLimit;
use crate::http::{headers, path_config, problem, query_config, request_id};
use crate::state::AppState;
use crate::storage::Storage;

/// Every documented route. The OpenAPI document is collected from here.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(crate::health::routes);
}

pub struct Application {
    server: Server,
    port: u16,
}

impl Application {
    /// Checks the database and storage, binds the listener, and prepares the server.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = Db::new(&config.database);
        db.ping(std::time::Duration::from_secs(
            config.database.connect_timeout_secs.max(1),
        ))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("cannot reach PostgreSQL with DATABASE_URL")?;
        let storage = Storage::from_config(&config.storage)?;
        storage.check().await?;
        let listener = TcpListener::bind(config.http.bind)
            .with_context(|| format!("cannot listen on {}", config.http.bind))?;
        let port = listener.local_addr()?.port();
        let state = AppState {
            config: Arc::new(config),
            db,
            storage,
        };
        let server = serve(listener, state)?;
        Ok(Self { server, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn serve(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let config = state.config.clone();
    let state = web::Data::new(state);
    let openapi = Arc::new(crate::openapi::document());
    let route_index = web::Data::new(problem::RouteIndex::from_openapi(&openapi));
    let behind_tls = config.http.public_url.starts_with("https://");
    let json_limit = JsonLimit(config.http.json_limit_bytes);
    let workers = match config.http.workers {
        0 => std::thread::available_parallelism().map_or(2, usize::from),
        n => n,
    };

    let server = HttpServer::new(move || {
        let (app, _) = App::new()
            .into_utoipa_app()
            .configure(routes)
            .split_for_parts();
        app.app_data(state.clone())
            .app_data(json_limit)
            .app_data(route_index.clone())
            .app_data(path_config())
            .app_data(query_config())
            .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", openapi.as_ref().clone()))
            .service(web::redirect("/docs", "/docs/"))
            .default_service(web::to(problem::route_not_found))
            .wrap(from_fn(problem::ensure_problem_json))
            .wrap(headers::security_headers(behind_tls))
            .wrap(from_fn(request_id::middleware))
    })
    .workers(workers)
    .listen(listener)?
    .run();
    Ok(server)
}
