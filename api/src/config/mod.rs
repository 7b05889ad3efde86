//! One typed configuration, read from flags and environment variables (clap `env`).
//! Every setting is listed by `vigil serve --help` and in `.env.example`.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use clap::{Args, ValueEnum};

mod auth;
mod captcha;
mod database;
mod email;
mod http;
mod storage;

pub use auth::AuthConfig;
pub use captcha::{CaptchaConfig, CaptchaProvider};
pub use database::{DatabaseConfig, PoolerMode, SslMode};
pub use email::{EmailConfig, EmailDriver, SmtpTls};
pub use http::HttpConfig;
pub use storage::{StorageBackendKind, StorageConfig};

/// A value that must never be printed: `Debug` and `Display` redact it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl FromStr for Secret {
    type Err = &'static str;
    /// An empty secret is refused rather than taken as a key or token nobody has to guess:
    /// `VIGIL_METRICS_TOKEN=` must not open `/metrics`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err("must not be empty (leave the variable unset instead)");
        }
        Ok(Self(s.to_owned()))
    }
}

/// Everything `vigil serve` needs.
#[derive(Args, Clone, Debug)]
pub struct Config {
    #[command(flatten)]
    pub http: HttpConfig,
    #[command(flatten)]
    pub database: DatabaseConfig,
    #[command(flatten)]
    pub storage: StorageConfig,
    #[command(flatten)]
    pub auth: AuthConfig,
    #[command(flatten)]
    pub email: EmailConfig,
    #[command(flatten)]
    pub captcha: CaptchaConfig,
    #[command(flatten)]
    pub worker: WorkerConfig,
    #[command(flatten)]
    pub organizations: OrganizationsConfig,
    #[command(flatten)]
    pub documents: DocumentsConfig,
    #[command(flatten)]
    pub metrics: MetricsConfig,
}

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Metrics")]
pub struct MetricsConfig {
    /// Serve Prometheus metrics at `/metrics`. With an https public URL they are served only
    /// to a scraper sending the token.
    #[arg(
        long = "metrics",
        env = "VIGIL_METRICS",
        value_enum,
        default_value_t = Switch::On
    )]
    pub switch: Switch,

    /// Bearer token a scraper must send (`Authorization: Bearer <token>`).
    #[arg(long = "metrics-token", env = "VIGIL_METRICS_TOKEN")]
    pub token: Option<Secret>,
}

impl MetricsConfig {
    /// Whether `/metrics` answers: on, and token-protected when Vigil is public (https).
    pub fn served(&self, public_url: &str) -> bool {
        self.switch == Switch::On && (self.token.is_some() || !public_url.starts_with("https://"))
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Switch {
    On,
    Off,
}

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Documents")]
pub struct DocumentsConfig {
    /// Largest document upload, in bytes.
    #[arg(
        long = "document-max-bytes",
        env = "VIGIL_DOCUMENT_MAX_BYTES",
        default_value_t = 50 * 1024 * 1024
    )]
    pub max_bytes: u64,

    /// ClamAV daemon to scan every upload with: `host:port` or `unix:/path/to/clamd.sock`.
    /// Without it, uploads are not scanned.
    #[arg(long = "clamav-address", env = "VIGIL_CLAMAV_ADDRESS")]
    pub clamav_address: Option<String>,

    /// Folder where uploads wait (on disk, not in memory) while they are checked.
    #[arg(long = "upload-staging-dir", env = "VIGIL_UPLOAD_STAGING_DIR")]
    pub staging_dir: Option<PathBuf>,
}

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Organisations")]
pub struct OrganizationsConfig {
    /// Days a deleted organisation can be restored before its data and files are purged.
    #[arg(
        long = "org-deletion-grace-days",
        env = "VIGIL_ORG_DELETION_GRACE_DAYS",
        default_value_t = 30
    )]
    pub deletion_grace_days: i64,

    /// Hours an invitation link stays valid.
    #[arg(
        long = "invitation-ttl-hours",
        env = "VIGIL_INVITATION_TTL_HOURS",
        default_value_t = 24
    )]
    pub invitation_ttl_hours: i64,
}

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Background jobs")]
pub struct WorkerConfig {
    /// Run the background worker inside `vigil serve` (turn off when running `vigil worker`).
    #[arg(
        long = "worker-enabled",
        env = "VIGIL_WORKER_ENABLED",
        default_value_t = true,
        action = clap::ArgAction::Set
    )]
    pub enabled: bool,

    /// Milliseconds between polls for due jobs.
    #[arg(
        long = "worker-poll-ms",
        env = "VIGIL_WORKER_POLL_MS",
        default_value_t = 1_000
    )]
    pub poll_ms: u64,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line (production).
    Json,
}

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Logging")]
pub struct LogConfig {
    /// Log line format.
    #[arg(
        long = "log-format",
        env = "VIGIL_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    pub format: LogFormat,

    /// Log filter (tracing-subscriber EnvFilter syntax).
    #[arg(
        long = "log-filter",
        env = "VIGIL_LOG",
        default_value = "info,actix_server=warn",
        global = true
    )]
    pub filter: String,
}

#[derive(clap::Parser)]
struct ConfigOnly {
    #[command(flatten)]
    config: Config,
}

impl Config {
    /// Parses a configuration from flags (then environment variables, then defaults), as
    /// `vigil serve` would; the first item is the program name.
    pub fn try_from_args<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::Parser;
        ConfigOnly::try_parse_from(args).map(|c| c.config)
    }
}

/// Every environment variable `vigil serve` reads (kept in step with `.env.example` by a test).
pub fn serve_env_vars() -> Vec<String> {
    use clap::CommandFactory;
    ConfigOnly::command()
        .get_arguments()
        .filter_map(|arg| arg.get_env())
        .map(|env| env.to_string_lossy().into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_secret_is_refused_not_taken_as_a_key() {
        assert!("".parse::<Secret>().is_err());
        let error = Config::try_from_args([
            "vigil",
            "--database-url",
            "postgres://x@127.0.0.1/x",
            "--metrics-token",
            "",
        ])
        .unwrap_err();
        assert!(error.to_string().contains("must not be empty"), "{error}");
    }

    #[test]
    fn metrics_on_a_public_url_need_a_token() {
        let mut metrics = MetricsConfig {
            switch: Switch::On,
            token: None,
        };
        assert!(metrics.served("http://127.0.0.1:8080"));
        assert!(!metrics.served("https://vigil.example.org"));
        metrics.token = Some(Secret::new("t"));
        assert!(metrics.served("https://vigil.example.org"));
        metrics.switch = Switch::Off;
        assert!(!metrics.served("http://127.0.0.1:8080"));
    }
}
