//! One typed configuration, read from flags and environment variables (clap `env`).
//! Every setting is listed by `vigil serve --help` and in `.env.example`.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;

use clap::{Args, ValueEnum};

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
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
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
}

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "HTTP")]
pub struct HttpConfig {
    /// Address the HTTP server listens on.
    #[arg(long = "bind", env = "VIGIL_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Public base URL of the product, used in links and to check the `Origin` of browser requests.
    /// HSTS is sent when it starts with `https://`.
    #[arg(
        long = "public-url",
        env = "VIGIL_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,

    /// Number of HTTP worker threads (0 = one per CPU core).
    #[arg(long = "http-workers", env = "VIGIL_HTTP_WORKERS", default_value_t = 0)]
    pub workers: usize,

    /// Largest JSON request body accepted, in bytes.
    #[arg(
        long = "json-limit-bytes",
        env = "VIGIL_JSON_LIMIT_BYTES",
        default_value_t = 64 * 1024
    )]
    pub json_limit_bytes: usize,
}

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Database")]
pub struct DatabaseConfig {
    /// PostgreSQL URL of the application role (NOSUPERUSER, NOBYPASSRLS, DML grants only).
    #[arg(long = "database-url", env = "DATABASE_URL")]
    pub url: Secret,

    /// Largest number of pooled connections.
    #[arg(
        long = "db-pool-size",
        env = "VIGIL_DB_POOL_SIZE",
        default_value_t = 16
    )]
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
        default_value_t = 15_000
    )]
    pub statement_timeout_ms: u64,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageBackendKind {
    /// Files under a local folder.
    Local,
    /// Azure Blob Storage or ADLS Gen2 (also Azurite).
    Azure,
}

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Storage")]
pub struct StorageConfig {
    /// Where organisations' files are kept.
    #[arg(
        long = "storage-backend",
        env = "VIGIL_STORAGE_BACKEND",
        value_enum,
        default_value = "local"
    )]
    pub backend: StorageBackendKind,

    /// Folder for the local backend.
    #[arg(
        long = "storage-local-dir",
        env = "VIGIL_STORAGE_LOCAL_DIR",
        default_value = ".data/storage"
    )]
    pub local_dir: PathBuf,

    /// Azure storage account name.
    #[arg(long = "azure-storage-account", env = "VIGIL_AZURE_STORAGE_ACCOUNT")]
    pub azure_account: Option<String>,

    /// Azure blob container (must exist; Vigil does not create it).
    #[arg(
        long = "azure-storage-container",
        env = "VIGIL_AZURE_STORAGE_CONTAINER",
        default_value = "vigil"
    )]
    pub azure_container: String,

    /// Azure shared key. Without a key or SAS token, managed identity is used.
    #[arg(
        long = "azure-storage-access-key",
        env = "VIGIL_AZURE_STORAGE_ACCESS_KEY"
    )]
    pub azure_access_key: Option<Secret>,

    /// Azure SAS token (query string, without the leading `?`).
    #[arg(
        long = "azure-storage-sas-token",
        env = "VIGIL_AZURE_STORAGE_SAS_TOKEN"
    )]
    pub azure_sas_token: Option<Secret>,

    /// Blob endpoint override, e.g. `http://127.0.0.1:10000/devstoreaccount1` for Azurite.
    #[arg(long = "azure-storage-endpoint", env = "VIGIL_AZURE_STORAGE_ENDPOINT")]
    pub azure_endpoint: Option<String>,

    /// Use the Azurite development account (devstoreaccount1) and its well-known key.
    #[arg(
        long = "azure-storage-use-emulator",
        env = "VIGIL_AZURE_STORAGE_USE_EMULATOR",
        default_value_t = false
    )]
    pub azure_use_emulator: bool,
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
