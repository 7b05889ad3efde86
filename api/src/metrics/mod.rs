//! `/metrics` in the Prometheus text format: HTTP traffic per route, the connection pool, the
//! email outbox, sign-in failures and lockouts.
//!
//! Counters live in the process (Prometheus sums instances); pool and outbox figures are read
//! when scraped. Each [`Metrics`] has its own registry, so several apps in one process (the
//! tests) never share numbers. The endpoint and the middleware that times requests are in
//! `crate::health::metrics`.

use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Double, Text};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

use crate::config::{MetricsConfig, Switch};
use crate::db::Db;
use crate::error::AppError;
use vigil_core::sign_in::Outcome;

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    db_phases: HistogramVec,
    login_attempts: IntCounterVec,
    login_failures: IntCounter,
    lockouts: IntCounter,
    pool_connections: IntGauge,
    pool_idle: IntGauge,
    pool_max: IntGauge,
    outbox_jobs: IntGaugeVec,
    outbox_oldest_pending: prometheus::Gauge,
}

impl Metrics {
    pub fn new() -> anyhow::Result<Self> {
        let registry = Registry::new_custom(Some("vigil".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered"),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time from request to response headers",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &["method", "route"],
        )?;
        // Fine buckets at the low end: a queue or a thread hop worth measuring is well under a
        // millisecond when all is well.
        let db_phases = HistogramVec::new(
            HistogramOpts::new(
                "db_phase_seconds",
                "Database calls by phase: queue (waiting for a free connection), handoff (waiting for a blocking thread), checkout, work (the statements); pipelined (a single-statement read on the worker's shared connection)",
            )
            .buckets(vec![
                0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05,
                0.1, 0.25, 0.5, 1.0,
            ]),
            &["phase"],
        )?;
        let login_attempts = IntCounterVec::new(
            Opts::new("login_attempts_total", "Sign-in attempts by outcome"),
            &["outcome"],
        )?;
        let login_failures = IntCounter::new(
            "login_failures_total",
            "Sign-in attempts refused (wrong password, unknown email, locked, blocked, ...)",
        )?;
        let lockouts = IntCounter::new(
            "account_lockouts_total",
            "Accounts locked after repeated wrong passwords",
        )?;
        let pool_connections = IntGauge::new(
            "db_pool_connections",
            "Open database connections in the pool",
        )?;
        let pool_idle = IntGauge::new("db_pool_idle_connections", "Idle pooled connections")?;
        let pool_max = IntGauge::new("db_pool_max_connections", "Configured pool size")?;
        let outbox_jobs = IntGaugeVec::new(
            Opts::new(
                "outbox_jobs",
                "Background jobs (emails, purges) by status; failed ones are kept 7 days",
            ),
            &["status"],
        )?;
        let outbox_oldest_pending = prometheus::Gauge::new(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest job waiting to run (0 when none)",
        )?;
        for collector in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(db_phases.clone()),
            Box::new(login_attempts.clone()),
            Box::new(login_failures.clone()),
            Box::new(lockouts.clone()),
            Box::new(pool_connections.clone()),
            Box::new(pool_idle.clone()),
            Box::new(pool_max.clone()),
            Box::new(outbox_jobs.clone()),
            Box::new(outbox_oldest_pending.clone()),
        ] {
            registry.register(collector)?;
        }
        Ok(Self {
            registry,
            requests,
            latency,
            db_phases,
            login_attempts,
            login_failures,
            lockouts,
            pool_connections,
            pool_idle,
            pool_max,
            outbox_jobs,
            outbox_oldest_pending,
        })
    }

    pub fn observe_request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[method, route, &status.to_string()])
            .inc();
        self.latency
            .with_label_values(&[method, route])
            .observe(seconds);
    }

    /// Where the pool's calls spend their time (see [`vigil_data::Phase`]).
    pub fn db_observer(&self) -> vigil_data::PhaseObserver {
        let phases: Vec<_> = vigil_data::Phase::ALL
            .iter()
            .map(|phase| (*phase, self.db_phases.with_label_values(&[phase.as_str()])))
            .collect();
        std::sync::Arc::new(move |phase, took| {
            if let Some((_, histogram)) = phases.iter().find(|(p, _)| *p == phase) {
                histogram.observe(took.as_secs_f64());
            }
        })
    }

    /// One sign-in attempt and how it ended.
    pub fn login_attempt(&self, outcome: Outcome) {
        self.login_attempts
            .with_label_values(&[outcome.as_str()])
            .inc();
        // A correct password awaiting its second step is not a failure.
        if !matches!(outcome, Outcome::Success | Outcome::MfaRequired) {
            self.login_failures.inc();
        }
    }

    pub fn lockout(&self) {
        self.lockouts.inc();
    }

    /// The gauges read at scrape time (the pool, and the outbox from the database: a separate
    /// `vigil worker` may be sending), then every metric in Prometheus' text format.
    pub async fn gather(&self, db: &Db, pool_size: u32) -> Result<Vec<u8>, AppError> {
        let metrics = self;
        let pool = db.pool_state();
        metrics.pool_connections.set(i64::from(pool.connections));
        metrics.pool_idle.set(i64::from(pool.idle_connections));
        metrics.pool_max.set(i64::from(pool_size));

        // The outbox is read, not counted in process: a separate `vigil worker` may be sending.
        let (counts, oldest) = db
            .global(|conn| {
                let counts = diesel::sql_query(
                    "SELECT status, count(*) AS count FROM background_jobs GROUP BY status",
                )
                .load::<JobCount>(conn)?;
                let oldest = diesel::sql_query(
                    "SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(run_at)), 0)::float8 AS seconds
                   FROM background_jobs WHERE status = 'pending' AND run_at <= now()",
                )
                .get_result::<OldestPending>(conn)?;
                Ok((counts, oldest.seconds))
            })
            .await?;
        for status in ["pending", "running", "succeeded", "failed"] {
            let count = counts
                .iter()
                .find(|row| row.status == status)
                .map_or(0, |row| row.count);
            metrics.outbox_jobs.with_label_values(&[status]).set(count);
        }
        metrics.outbox_oldest_pending.set(oldest);

        let mut body = Vec::new();
        TextEncoder::new()
            .encode(&metrics.registry.gather(), &mut body)
            .map_err(|e| AppError::Unexpected(anyhow::Error::new(e)))?;
        Ok(body)
    }
}

#[derive(diesel::QueryableByName)]
struct JobCount {
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = BigInt)]
    count: i64,
}

#[derive(diesel::QueryableByName)]
struct OldestPending {
    #[diesel(sql_type = Double)]
    seconds: f64,
}

/// Says at startup when `/metrics` stays closed for want of a token.
pub fn warn_if_closed(config: &MetricsConfig, public_url: &str) {
    if config.switch == Switch::On && !config.served(public_url) {
        tracing::warn!(
            "/metrics is not served: Vigil is public (https) and VIGIL_METRICS_TOKEN is not set"
        );
    }
}
