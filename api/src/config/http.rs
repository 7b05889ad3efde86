//! HTTP settings: address, public URL, proxies, origins and request limits.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

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
