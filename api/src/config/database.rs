//! PostgreSQL settings: URLs, TLS, pool size and timeouts, a transaction-mode pooler.

use clap::{Args, ValueEnum};

use super::Secret;

/// PostgreSQL's largest `statement_timeout` (`i32::MAX` ms): a larger one would fail every
/// connection, so it is refused at start.
const MAX_STATEMENT_TIMEOUT_MS: u64 = 2_147_483_647;

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Database")]
pub struct DatabaseConfig {
    /// PostgreSQL URL of the application role (NOSUPERUSER, NOBYPASSRLS, DML grants only).
    #[arg(long = "database-url", env = "DATABASE_URL")]
    pub url: Secret,

    // Small on purpose: connections beyond about twice the database's cores only queue on its
    // CPU, and that queue is the latency tail (2 cores shared with PostgreSQL, 16 connections
    // of load: a pool of 16 let read p99s reach 4-40× their p50; a pool of 6 kept them within
    // about 2-6×). docs/deploy-azure.md §3.7.
    /// Largest number of pooled connections.
    #[arg(long = "db-pool-size", env = "VIGIL_DB_POOL_SIZE", default_value_t = 6)]
    pub pool_size: u32,

    /// Seconds to wait for a pooled connection (or a new one) before giving up.
    #[arg(
        long = "db-connect-timeout-secs",
        env = "VIGIL_DB_CONNECT_TIMEOUT_SECS",
        default_value_t = 5
    )]
    pub connect_timeout_secs: u64,

    /// Statement timeout for application queries, in milliseconds (0 = none).
    #[arg(
        long = "db-statement-timeout-ms",
        env = "VIGIL_DB_STATEMENT_TIMEOUT_MS",
        default_value_t = 15_000,
        value_parser = clap::value_parser!(u64).range(..=MAX_STATEMENT_TIMEOUT_MS)
    )]
    pub statement_timeout_ms: u64,

    /// TLS towards PostgreSQL (libpq `sslmode`: disable, prefer, require, verify-ca,
    /// verify-full). Overrides an `sslmode` in the URL; production uses `require` or stricter.
    #[arg(long = "db-sslmode", env = "VIGIL_DB_SSLMODE")]
    pub sslmode: Option<SslMode>,

    /// What sits between Vigil and PostgreSQL. `transaction`: a pooler in transaction mode
    /// (PgBouncer, Azure's built-in one), where a connection may change between transactions,
    /// so nothing is kept on it: no named prepared statements, no session settings.
    #[arg(
        long = "db-pooler",
        env = "VIGIL_DB_POOLER",
        value_enum,
        default_value_t = PoolerMode::None
    )]
    pub pooler: PoolerMode,
}

impl DatabaseConfig {
    /// Settings for a connection URL, with defaults for everything but the URL.
    pub fn for_url(url: impl Into<String>) -> Self {
        Self {
            url: Secret::new(url),
            pool_size: 6,
            connect_timeout_secs: 5,
            statement_timeout_ms: 15_000,
            sslmode: None,
            pooler: PoolerMode::None,
        }
    }

    /// The URL with the configured `sslmode` applied.
    pub fn connection_url(&self) -> anyhow::Result<Secret> {
        let Some(mode) = self.sslmode else {
            return Ok(self.url.clone());
        };
        let mut url = url::Url::parse(self.url.expose())
            .map_err(|e| anyhow::anyhow!("DATABASE_URL is not a valid URL: {e}"))?;
        let others: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(key, _)| key != "sslmode")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        url.query_pairs_mut()
            .clear()
            .extend_pairs(others)
            .append_pair("sslmode", mode.as_libpq());
        Ok(Secret::new(String::from(url)))
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    pub const fn as_libpq(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolerMode {
    /// Vigil connects to PostgreSQL directly (or through a session-mode pooler).
    None,
    /// Through a transaction-mode pooler such as PgBouncer.
    Transaction,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        database: DatabaseConfig,
    }

    fn statement_timeout(value: &str) -> Result<u64, clap::Error> {
        let args = ["vigil", "--database-url", "postgres://localhost/vigil"];
        Cli::try_parse_from(args.into_iter().chain(["--db-statement-timeout-ms", value]))
            .map(|cli| cli.database.statement_timeout_ms)
    }

    #[test]
    fn a_statement_timeout_postgresql_would_refuse_is_refused_at_start() {
        assert_eq!(statement_timeout("0").ok(), Some(0));
        assert_eq!(statement_timeout("2147483647").ok(), Some(2_147_483_647));
        let error = statement_timeout("2147483648").err().map(|e| e.to_string());
        assert!(
            error
                .as_deref()
                .is_some_and(|e| e.contains("--db-statement-timeout-ms")),
            "{error:?}"
        );
    }

    #[test]
    fn the_configured_sslmode_replaces_the_urls() {
        let mut config = DatabaseConfig::for_url(
            "postgres://vigil_app:p%40ss@db.example.org:6432/vigil?sslmode=disable&application_name=vigil",
        );
        assert_eq!(
            config.connection_url().unwrap().expose(),
            config.url.expose(),
            "unchanged without a mode"
        );
        config.sslmode = Some(SslMode::VerifyFull);
        assert_eq!(
            config.connection_url().unwrap().expose(),
            "postgres://vigil_app:p%40ss@db.example.org:6432/vigil?application_name=vigil&sslmode=verify-full"
        );
    }
}
