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

    /// Other origins allowed to make cookie-authenticated requests (comma-separated), e.g. the
    /// Vite dev server. The origin of the public URL is always allowed.
    #[arg(
        long = "extra-origins",
        env = "VIGIL_EXTRA_ORIGINS",
        value_delimiter = ',',
        default_value = "http://localhost:8080"
    )]
    pub extra_origins: Vec<String>,

    /// Proxies whose `X-Forwarded-For` is trusted (comma-separated IPs or CIDRs). Without any,
    /// the client IP is the socket's peer.
    #[arg(
        long = "trusted-proxies",
        env = "VIGIL_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<ipnet::IpNet>,

    /// Largest JSON request body accepted, in bytes.
    #[arg(
        long = "json-limit-bytes",
        env = "VIGIL_JSON_LIMIT_BYTES",
        default_value_t = 64 * 1024
    )]
    pub json_limit_bytes: usize,

    /// Folder of the built web app (`web/dist`), served at `/` with SPA fallback routing.
    /// Without an `index.html` there, only the API is served.
    #[arg(long = "web-dir", env = "VIGIL_WEB_DIR", default_value = "web/dist")]
    pub web_dir: PathBuf,
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
            pool_size: 16,
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

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Authentication")]
pub struct AuthConfig {
    /// Minutes of inactivity after which a session without "remember me" ends.
    #[arg(
        long = "session-idle-minutes",
        env = "VIGIL_SESSION_IDLE_MINUTES",
        default_value_t = 30
    )]
    pub session_idle_minutes: i64,

    /// Hours after which a session without "remember me" ends, active or not.
    #[arg(
        long = "session-absolute-hours",
        env = "VIGIL_SESSION_ABSOLUTE_HOURS",
        default_value_t = 12
    )]
    pub session_absolute_hours: i64,

    /// Days a "remember me" session lasts after its last use (sliding).
    #[arg(
        long = "remember-me-days",
        env = "VIGIL_REMEMBER_ME_DAYS",
        default_value_t = 30
    )]
    pub remember_me_days: i64,

    /// Days a "remember me" session lasts at most from its sign-in, however often it is used.
    #[arg(
        long = "remember-me-max-days",
        env = "VIGIL_REMEMBER_ME_MAX_DAYS",
        default_value_t = 90
    )]
    pub remember_me_max_days: i64,

    /// Minimum password length in characters (NIST SP 800-63B; never below 8).
    #[arg(
        long = "password-min-length",
        env = "VIGIL_PASSWORD_MIN_LENGTH",
        default_value_t = 15,
        value_parser = clap::value_parser!(u16).range(8..=128)
    )]
    pub password_min_length: u16,

    /// Hours an email verification link stays valid.
    #[arg(
        long = "verification-ttl-hours",
        env = "VIGIL_VERIFICATION_TTL_HOURS",
        default_value_t = 24
    )]
    pub verification_ttl_hours: i64,

    /// Minutes a password reset link stays valid.
    #[arg(
        long = "password-reset-ttl-minutes",
        env = "VIGIL_PASSWORD_RESET_TTL_MINUTES",
        default_value_t = 60
    )]
    pub password_reset_ttl_minutes: i64,

    /// Consecutive failures from one IP that lock that IP out of the account.
    #[arg(
        long = "lockout-ip-threshold",
        env = "VIGIL_LOCKOUT_IP_THRESHOLD",
        default_value_t = 5
    )]
    pub lockout_ip_threshold: i32,

    /// Consecutive failures from all IPs that lock the account everywhere for a while.
    #[arg(
        long = "lockout-account-threshold",
        env = "VIGIL_LOCKOUT_ACCOUNT_THRESHOLD",
        default_value_t = 20
    )]
    pub lockout_account_threshold: i32,

    /// Wrong guesses (passwords or second-factor codes) from a browser holding a device cookie
    /// after which that cookie no longer lets it through account-wide locks and limits.
    #[arg(
        long = "lockout-device-threshold",
        env = "VIGIL_LOCKOUT_DEVICE_THRESHOLD",
        default_value_t = 10
    )]
    pub lockout_device_threshold: i32,

    /// Minutes of the first lock; each further lock doubles it.
    #[arg(
        long = "lockout-minutes",
        env = "VIGIL_LOCKOUT_MINUTES",
        default_value_t = 15
    )]
    pub lockout_minutes: i64,

    /// Longest lock, in minutes: every lock expires by itself, at the latest after this.
    #[arg(
        long = "lockout-max-minutes",
        env = "VIGIL_LOCKOUT_MAX_MINUTES",
        default_value_t = 1440
    )]
    pub lockout_max_minutes: i64,

    /// Sign-in attempts per account per minute (all IPs).
    #[arg(
        long = "login-attempts-per-account-per-minute",
        env = "VIGIL_LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE",
        default_value_t = 10
    )]
    pub login_per_account_per_minute: i32,

    /// Distinct accounts failing from one IP within the stuffing window that get the IP blocked.
    #[arg(
        long = "stuffing-accounts-threshold",
        env = "VIGIL_STUFFING_ACCOUNTS_THRESHOLD",
        default_value_t = 10
    )]
    pub stuffing_accounts_threshold: i64,

    /// Window for counting failures across accounts from one IP, in minutes.
    #[arg(
        long = "stuffing-window-minutes",
        env = "VIGIL_STUFFING_WINDOW_MINUTES",
        default_value_t = 10
    )]
    pub stuffing_window_minutes: i64,

    /// How long a credential-stuffing IP is blocked from signing in, in minutes.
    #[arg(
        long = "stuffing-block-minutes",
        env = "VIGIL_STUFFING_BLOCK_MINUTES",
        default_value_t = 60
    )]
    pub stuffing_block_minutes: i64,

    /// A sign-in from an IP network and device not seen for this many days is "new" (email).
    #[arg(
        long = "new-device-days",
        env = "VIGIL_NEW_DEVICE_DAYS",
        default_value_t = 90
    )]
    pub new_device_days: i64,

    /// 32-byte key (base64) encrypting secrets at rest: TOTP secrets and token-signing keys.
    /// Two-step verification and API clients are unavailable without it; scripts/run generates one.
    #[arg(long = "encryption-key", env = "VIGIL_ENCRYPTION_KEY")]
    pub encryption_key: Option<Secret>,

    /// Password hashes computed at once (each takes 19 MiB); 0 = one per CPU core.
    #[arg(
        long = "password-hash-concurrency",
        env = "VIGIL_PASSWORD_HASH_CONCURRENCY",
        default_value_t = 0
    )]
    pub password_hash_concurrency: usize,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailDriver {
    /// Log each message, links included (development only).
    Console,
    /// SMTP with STARTTLS or TLS (AWS SES, SendGrid SMTP, any relay).
    Smtp,
    /// SendGrid's HTTP API.
    Sendgrid,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a local mail catcher.
    None,
}

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Email")]
pub struct EmailConfig {
    /// How email is sent.
    #[arg(
        long = "email-driver",
        env = "VIGIL_EMAIL_DRIVER",
        value_enum,
        default_value = "console"
    )]
    pub driver: EmailDriver,

    /// Sender of every message.
    #[arg(
        long = "email-from",
        env = "VIGIL_EMAIL_FROM",
        default_value = "Vigil <no-reply@vigil.localhost>"
    )]
    pub from: String,

    #[arg(
        long = "smtp-host",
        env = "VIGIL_SMTP_HOST",
        default_value = "127.0.0.1"
    )]
    pub smtp_host: String,

    #[arg(long = "smtp-port", env = "VIGIL_SMTP_PORT", default_value_t = 587)]
    pub smtp_port: u16,

    #[arg(long = "smtp-username", env = "VIGIL_SMTP_USERNAME")]
    pub smtp_username: Option<String>,

    #[arg(long = "smtp-password", env = "VIGIL_SMTP_PASSWORD")]
    pub smtp_password: Option<Secret>,

    /// Transport security of the SMTP connection.
    #[arg(
        long = "smtp-tls",
        env = "VIGIL_SMTP_TLS",
        value_enum,
        default_value = "starttls"
    )]
    pub smtp_tls: SmtpTls,

    #[arg(long = "sendgrid-api-key", env = "VIGIL_SENDGRID_API_KEY")]
    pub sendgrid_api_key: Option<Secret>,

    #[arg(
        long = "sendgrid-api-url",
        env = "VIGIL_SENDGRID_API_URL",
        default_value = "https://api.sendgrid.com/v3/mail/send"
    )]
    pub sendgrid_api_url: String,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptchaProvider {
    /// Self-hosted ALTCHA proof of work: no third party sees the visitor.
    Altcha,
    /// Cloudflare Turnstile.
    Turnstile,
    /// hCaptcha.
    Hcaptcha,
}

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "CAPTCHA")]
pub struct CaptchaConfig {
    /// Which CAPTCHA protects signup, password reset and verification resends.
    #[arg(
        long = "captcha-provider",
        env = "VIGIL_CAPTCHA_PROVIDER",
        value_enum,
        default_value = "altcha"
    )]
    pub provider: CaptchaProvider,

    /// HMAC key signing ALTCHA challenges; share it between instances. Random per process
    /// when unset (challenges then do not survive a restart).
    #[arg(long = "altcha-hmac-key", env = "VIGIL_ALTCHA_HMAC_KEY")]
    pub altcha_hmac_key: Option<Secret>,

    /// PBKDF2 iterations per ALTCHA attempt.
    #[arg(
        long = "altcha-cost",
        env = "VIGIL_ALTCHA_COST",
        default_value_t = 1_000
    )]
    pub altcha_cost: u32,

    /// Largest counter a solver may have to reach (difficulty).
    #[arg(
        long = "altcha-max-number",
        env = "VIGIL_ALTCHA_MAX_NUMBER",
        default_value_t = 1_000
    )]
    pub altcha_max_number: u32,

    /// Seconds an ALTCHA challenge stays valid.
    #[arg(
        long = "altcha-ttl-secs",
        env = "VIGIL_ALTCHA_TTL_SECS",
        default_value_t = 600
    )]
    pub altcha_ttl_secs: i64,

    /// Site key of Turnstile or hCaptcha (given to the web app).
    #[arg(long = "captcha-site-key", env = "VIGIL_CAPTCHA_SITE_KEY")]
    pub site_key: Option<String>,

    /// Secret key of Turnstile or hCaptcha (server-side verification).
    #[arg(long = "captcha-secret", env = "VIGIL_CAPTCHA_SECRET")]
    pub secret: Option<Secret>,

    /// Verification endpoint override for Turnstile or hCaptcha.
    #[arg(long = "captcha-verify-url", env = "VIGIL_CAPTCHA_VERIFY_URL")]
    pub verify_url: Option<String>,
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
